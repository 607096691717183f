import Reclaim
import ReclaimInspection
import ReclaimTracing

extension LeakCheckSession {
    /// What the check found among every Swift object the block created.
    struct AllObjectsAnalysis {
        var cycles: [LeakedCycle] = []
        /// Objects created in the block that only the reported cycles keep alive, by type.
        var keptAlive: [String: Int] = [:]
    }

    /// Finds the cycles ARC can never free among the Swift objects allocated since the
    /// tracing session began by `origin` (the task or thread that ran the block): groups that nothing outside refers to, read from runtime
    /// metadata with `ReferenceWalker`. Objects in `collectable` (garbage the collector would
    /// free, when the check has not collected) are left out, and so are cycles through them.
    ///
    /// - Returns: nil when the tracer cannot list the objects.
    func analyzeAllObjects(
        since firstSerial: UInt64,
        by origin: UInt,
        excluding collectable: Set<UnsafeRawPointer>,
        reportsSites: Bool
    ) -> AllObjectsAnalysis? {
        // Frees are held from the listing to the end of the report: another thread freeing
        // one of these objects cannot have its memory reused under the walk.
        AllocationTracer.withFreesHeld {
            guard let live = AllocationTracer.liveObjects(allocatedSince: firstSerial, by: origin) else { return nil }
            let graph = ReferenceGraph(
                walking: live.map(\.address),
                blockSizes: live.map(\.size),
                with: ReferenceWalker(checkingReads: true)
            )
            return analyze(graph, excluding: collectable, reportsSites: reportsSites)
        }
    }

    private func analyze(
        _ graph: ReferenceGraph,
        excluding collectable: Set<UnsafeRawPointer>,
        reportsSites: Bool
    ) -> AllObjectsAnalysis {
        var leaked = graph.unreachableFromOutside()
        let walker = ReferenceWalker.forCurrentThread
        for node in leaked.indices where leaked[node] {
            let object = graph.objects[node]
            // Garbage the checked heap's collector frees, and objects of other heaps, whose own
            // collectors decide (cycles through them are not this check's to call leaks).
            if collectable.contains(object)
                || (walker.isGCObject(object)
                    && Unmanaged<GCObject>.fromOpaque(object)._withUnsafeGuaranteedRef {
                        $0.isTracked(byHeapOtherThan: heap)
                    })
            {
                leaked[node] = false
            }
        }
        var analysis = AllObjectsAnalysis()
        var inCycles = Array(repeating: false, count: leaked.count)
        for component in graph.cycles(among: leaked) {
            for node in component { inCycles[node] = true }
            analysis.cycles.append(describe(component, in: graph, reportsSites: reportsSites))
        }
        guard !analysis.cycles.isEmpty else { return analysis }
        for node in leaked.indices where leaked[node] && !inCycles[node] {
            let object = LeakedObject(address: graph.objects[node], kind: graph.kind(of: node), traced: false)
            guard object.kind == .classInstance || object.kind == .closureContext else { continue }
            analysis.keptAlive[object.typeName, default: 0] += 1
        }
        return analysis
    }

    /// The report entry for one strongly connected group: the shortest loop through its
    /// first-allocated class instance, with collection storage, boxes and closure thunks
    /// folded into the names of the references that pass through them.
    private func describe(_ component: [Int], in graph: ReferenceGraph, reportsSites: Bool) -> LeakedCycle {
        let start = component.first { graph.kind(of: $0) == .classInstance } ?? component[0]
        let loop = graph.shortestCycle(through: start, within: Set(component))
        var links: [LeakedCycle.Link] = []
        var owner: Int? = nil
        for (position, step) in loop.enumerated() {
            let next = loop[(position + 1) % loop.count].node
            let kind = graph.kind(of: step.node)
            switch kind {
            case .arrayStorage, .setStorage, .dictionaryStorage:
                var suffix = Self.elementName(step.label, in: kind)
                if step.label.holding == .closure, graph.kind(of: next) != .closureContext {
                    suffix += Self.closureNote(capturesOwner: next == owner ?? start)
                }
                if links.isEmpty {
                    links.append(link(step.node, property: suffix, in: graph, reportsSites: reportsSites))
                } else {
                    links[links.count - 1].property = (links[links.count - 1].property ?? "") + suffix
                }
            case .box:
                if links.isEmpty { links.append(link(step.node, property: nil, in: graph, reportsSites: reportsSites)) }
            case .closureContext where step.label.holding == .closure && !links.isEmpty:
                // A reabstraction thunk's context: it only forwards to the closure it captures.
                if graph.kind(of: next) != .closureContext {
                    links[links.count - 1].property? += Self.closureNote(capturesOwner: next == owner ?? start)
                }
            case .closureContext:
                let capturesOwner = next == owner ?? start
                let property = capturesOwner ? "captures self" : step.label.text
                links.append(link(step.node, property: property, in: graph, reportsSites: reportsSites))
            case .classInstance, .other:
                owner = step.node
                var property = step.label.text
                if step.label.holding == .closure, graph.kind(of: next) != .closureContext {
                    // A closure whose only capture is an object: its context is that object.
                    property += Self.closureNote(capturesOwner: next == step.node)
                }
                links.append(link(step.node, property: property, in: graph, reportsSites: reportsSites))
            }
        }
        var memberTypes: [String: Int] = [:]
        for node in component {
            let object = LeakedObject(address: graph.objects[node], kind: graph.kind(of: node), traced: false)
            memberTypes[object.typeName, default: 0] += 1
        }
        var cycle = LeakedCycle(
            links: links,
            memberCount: component.count,
            memberTypes: LeakReport.TypeCount.mostCommonFirst(memberTypes)
        )
        cycle.isCollectable = false
        cycle.loopLength = loop.count
        return cycle
    }

    private func link(_ node: Int, property: String?, in graph: ReferenceGraph, reportsSites: Bool) -> LeakedCycle.Link
    {
        LeakedCycle.Link(
            object: LeakedObject(address: graph.objects[node], kind: graph.kind(of: node), traced: reportsSites),
            property: property
        )
    }

    /// ` (closure capturing self)` or ` (closure)`: a closure value whose context is the
    /// object it captures.
    private static func closureNote(capturesOwner: Bool) -> String {
        capturesOwner ? " (closure capturing self)" : " (closure)"
    }

    /// The element a reference in collection storage is, with the path inside the element:
    /// `[2]` or `[2].owner` in an array; `[element]` in a set, `[key]` or `[value]` in a
    /// dictionary (hash order changes from run to run, so no position is given).
    private static func elementName(_ label: ReferenceLabel, in kind: HeapObjectKind) -> String {
        let base = label.baseName
        switch kind {
        case .arrayStorage:
            let index = label.index >= 0 ? "[\(label.index)]" : "[]"
            return base.isEmpty ? index : "\(index).\(base)"
        case .dictionaryStorage:
            let (part, rest) = base.hasPrefix("key") ? ("key", base.dropFirst(3)) : ("value", base.dropFirst(5))
            return "[\(part)]" + rest
        default:
            return base.isEmpty ? "[element]" : "[element].\(base)"
        }
    }
}
