import Reclaim
import ReclaimInspection
import ReclaimTracing

/// One running leak check: what was set up before the block, and the analysis after it.
final class LeakCheckSession {
    private let options: LeakCheck.Options
    let heap: Heap
    private let wasEnabled: Bool
    private let tracingSession: TracingSession?
    private let objectsBefore: Set<ObjectIdentifier>
    private let nesting: Nesting
    private let droppedBefore: Int
    /// The task (or thread) running the block: only what it allocates is checked, not what
    /// other tests allocate at the same time.
    private let origin = AllocationTracer.currentOrigin
    private var hasEnded = false

    /// How many leak checks are running on one heap, kept in the heap's attachments: only the
    /// outermost collects, so a nested check never frees garbage the enclosing check has yet
    /// to see.
    private final class Nesting {
        var depth = 0
    }

    init(options: LeakCheck.Options, heap: Heap) {
        guard (0...AllocationTracer.maximumFrames).contains(options.allocationFrames) else {
            fatalError(
                "LeakCheck.Options.allocationFrames is \(options.allocationFrames); it must be 0 (no tracing) through \(AllocationTracer.maximumFrames)"
            )
        }
        self.options = options
        self.heap = heap
        nesting = heap.attachment { Nesting() }
        nesting.depth += 1
        wasEnabled = heap.isEnabled
        if options.disablesAutomaticCollection { heap.disable() }
        // Checking every object needs the tracer's table of live blocks even without sites.
        let frames = options.checksAllObjects ? max(1, options.allocationFrames) : options.allocationFrames
        tracingSession =
            frames > 0 && AllocationTracer.isAvailable ? try? AllocationTracer.retainTracing(frames: frames) : nil
        objectsBefore = tracingSession == nil ? Set(heap.objects().map(ObjectIdentifier.init)) : []
        droppedBefore = AllocationTracer.droppedTraceCount
    }

    /// Analyses what the block left, frees its garbage and restores the heap's settings.
    func finish() -> LeakReport {
        var (report, unreachable) = analyzeUnreachableObjects()
        if !options.reportsCollectableCycles {
            report.cycles = []
            report.objectsKeptAliveByCycles = []
        }
        let collects = nesting.depth == 1
        if collects {
            unreachable = []
            heap.collect()
        }
        if options.checksAllObjects, RuntimeProbes.walksObjectReferences, let tracingSession,
            let analysis = analyzeAllObjects(
                since: tracingSession.firstSerial,
                by: origin,
                excluding: Set(unreachable.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) }),
                reportsSites: options.allocationFrames > 0
            )
        {
            report.checkedAllObjects = true
            report.cycles += analysis.cycles
            var keptAlive = Dictionary(
                uniqueKeysWithValues: report.objectsKeptAliveByCycles.map { ($0.typeName, $0.count) }
            )
            keptAlive.merge(analysis.keptAlive, uniquingKeysWith: +)
            report.objectsKeptAliveByCycles = LeakReport.TypeCount.mostCommonFirst(keptAlive)
        }
        let allowed = report.cycles.filter { cycle in options.allowedLeaks.contains { $0.matches(cycle) } }
        if !allowed.isEmpty {
            report.allowedCycleCount = allowed.count
            report.cycles.removeAll { cycle in options.allowedLeaks.contains { $0.matches(cycle) } }
            if report.cycles.isEmpty { report.objectsKeptAliveByCycles = [] }
        }
        let unreachableIdentifiers = Set(unreachable.map(ObjectIdentifier.init))
        if options.reportsSurvivors { report.survivors = findSurvivors(excluding: unreachableIdentifiers) }
        if tracingSession != nil {
            report.untracedAllocationCount = max(0, AllocationTracer.droppedTraceCount - droppedBefore)
        }
        end()
        return report
    }

    /// Restores the heap's settings and releases allocation tracing; safe to call twice.
    func end() {
        guard !hasEnded else { return }
        hasEnded = true
        nesting.depth -= 1
        if let tracingSession { AllocationTracer.releaseTracing(tracingSession) }
        if wasEnabled && options.disablesAutomaticCollection { heap.enable() }
    }

    /// Whether reports show allocation sites.
    private var reportsSites: Bool { tracingSession != nil && options.allocationFrames > 0 }

    private func wasCreatedInBlock(_ object: GCObject) -> Bool {
        allocationOrder(of: object).createdInBlock
    }

    /// Whether `object` was allocated while the block ran, and a key that orders objects by
    /// allocation (their serial; untraced objects last; everything equal without tracing).
    /// Each call looks the object up in the tracer once.
    private func allocationOrder(of object: GCObject) -> (createdInBlock: Bool, key: UInt64) {
        guard let tracingSession else { return (!objectsBefore.contains(ObjectIdentifier(object)), 0) }
        guard let serial = AllocationTracer.allocationSerial(of: object) else { return (false, .max) }
        return (serial >= tracingSession.firstSerial, serial)
    }

    /// The report's cycles, and the identities of every unreachable object (which, while no
    /// collection has freed them, are not survivors).
    private func analyzeUnreachableObjects() -> (LeakReport, [GCObject]) {
        let unreachable = heap.unreachableObjects()
        let order = unreachable.map(allocationOrder(of:))
        let graph = ReferenceGraph(traversing: unreachable)
        var report = LeakReport()
        var inCycles: Set<Int> = []
        let everyObject = Array(repeating: true, count: unreachable.count)
        for component in graph.cycles(among: everyObject) where component.contains(where: { order[$0].createdInBlock })
        {
            inCycles.formUnion(component)
            let start = component.min { order[$0].key < order[$1].key } ?? component[0]
            report.cycles.append(describeCycle(component, startingAt: start, graph: graph, objects: unreachable))
        }
        var keptAlive: [String: Int] = [:]
        for index in unreachable.indices where !inCycles.contains(index) && order[index].createdInBlock {
            keptAlive[LeakedObject.typeName(of: unreachable[index]), default: 0] += 1
        }
        if !report.cycles.isEmpty {
            report.objectsKeptAliveByCycles = LeakReport.TypeCount.mostCommonFirst(keptAlive)
        }
        return (report, unreachable)
    }

    private func describeCycle(
        _ component: [Int],
        startingAt start: Int,
        graph: ReferenceGraph,
        objects: [GCObject]
    ) -> LeakedCycle {
        let loop = graph.shortestCycle(through: start, within: Set(component)).map(\.node)
        let path = loop.isEmpty ? [start] : loop
        var links: [LeakedCycle.Link] = []
        for (position, index) in path.enumerated() {
            let object = objects[index]
            let next = objects[path[(position + 1) % path.count]]
            let property = ReferenceNames.strongReferencePaths(of: object)?[ObjectIdentifier(next)]?.first
            links.append(
                LeakedCycle.Link(object: LeakedObject(object, traced: reportsSites), property: property)
            )
        }
        var memberTypes: [String: Int] = [:]
        for index in component { memberTypes[LeakedObject.typeName(of: objects[index]), default: 0] += 1 }
        return LeakedCycle(
            links: links,
            memberCount: component.count,
            memberTypes: LeakReport.TypeCount.mostCommonFirst(memberTypes)
        )
    }

    /// The tracked objects created in the block that are still alive, each with the tracked
    /// object outside the block that holds it: directly (`Cache.entries[]`) or through objects
    /// the block created (`Cache.entries[] (through Parent.children[])`). An object that only
    /// objects created in the block hold, themselves held from outside the heap (a local, a
    /// global, a plain object), is `held from outside the heap`: the holder inside its own group
    /// says nothing about why the group is alive.
    private func findSurvivors(excluding unreachable: Set<ObjectIdentifier>) -> [LeakReport.Survivor] {
        let created = heap.objects().filter { !unreachable.contains(ObjectIdentifier($0)) && wasCreatedInBlock($0) }
        let createdIdentifiers = Set(created.map(ObjectIdentifier.init))
        var holders: [ObjectIdentifier: [GCObject]] = [:]
        for holder in heap.referrers(ofAny: created) {
            holder.traverse { referent in
                let identifier = ObjectIdentifier(referent)
                if createdIdentifiers.contains(identifier), referent !== holder,
                    holders[identifier]?.contains(where: { $0 === holder }) != true
                {
                    holders[identifier, default: []].append(holder)
                }
            }
        }
        var propertyPaths: [ObjectIdentifier: [ObjectIdentifier: [String]]] = [:]
        func reference(from holder: GCObject, to object: GCObject) -> String {
            let holderIdentifier = ObjectIdentifier(holder)
            if propertyPaths[holderIdentifier] == nil {
                propertyPaths[holderIdentifier] = ReferenceNames.strongReferencePaths(of: holder) ?? [:]
            }
            let property = propertyPaths[holderIdentifier]?[ObjectIdentifier(object)]?.first
            return LeakedObject.typeName(of: holder) + (property.map { ".\($0)" } ?? "")
        }
        /// Breadth first up the holders created in the block, to the nearest outside holder.
        func outsideHolder(of object: GCObject) -> String? {
            var heldThrough: [ObjectIdentifier: GCObject] = [ObjectIdentifier(object): object]
            var queue = [object]
            var head = 0
            while head < queue.count {
                let current = queue[head]
                head += 1
                for holder in holders[ObjectIdentifier(current)] ?? [] {
                    guard createdIdentifiers.contains(ObjectIdentifier(holder)) else {
                        var through: [String] = []
                        var step = current
                        while step !== object, let next = heldThrough[ObjectIdentifier(step)] {
                            through.append(reference(from: step, to: next))
                            step = next
                        }
                        let direct = reference(from: holder, to: current)
                        return through.isEmpty ? direct : "\(direct) (through \(through.joined(separator: " → ")))"
                    }
                    if heldThrough[ObjectIdentifier(holder)] == nil {
                        heldThrough[ObjectIdentifier(holder)] = current
                        queue.append(holder)
                    }
                }
            }
            return nil
        }
        return created.map { object in
            LeakReport.Survivor(object: LeakedObject(object, traced: reportsSites), heldBy: outsideHolder(of: object))
        }
    }
}
