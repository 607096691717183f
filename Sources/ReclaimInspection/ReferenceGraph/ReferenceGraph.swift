import Reclaim

/// A set of Swift heap objects and the strong references among them, built once per query,
/// with how many references to each object come from outside the set.
///
/// The references come from `ReferenceWalker` (every Swift object, read from runtime
/// metadata) or from a caller-supplied source (`traverse` for tracked objects). A node's
/// *external count* is its retain count minus the strong references the graph found inside
/// the set: above zero, something outside holds it (a local, a global, an object outside the
/// set, or a place the walker could not read). This is CPython's `update_refs` and
/// `subtract_refs`, over any objects.
///
/// The graph holds no references: it stores addresses and reads retain counts without
/// retaining. The objects must stay alive and unchanged while it is built and used.
///
/// # Thread safety
/// A value; build it on the thread that uses the objects.
package struct ReferenceGraph {
    /// The objects, by node index.
    package private(set) var objects: [UnsafeRawPointer]
    /// Each node's retain count when the graph was built.
    private var retainCounts: [Int32]
    /// The nodes with places that could not be read, and how many (most objects have none).
    package private(set) var unreadableCounts: [Int: Int]
    private var firstEdge: [Int]
    private var edgeTargets: [Int32]
    /// Each node's slot, and the references to it counted while the graph was built.
    private var nodeIndex: AddressIndex
    /// Each node's referrers (`indexReferrers()`): starts per node, then the referring nodes.
    private var referrerStarts: [Int] = []
    private var referrerNodes: [Int32] = []
    /// Lists an object's references again, with their labels, for `successors(of:)`: labels
    /// are needed only to describe a few paths, so the graph does not store one per edge.
    private let listReferences: References
    private let objectKind: (UnsafeRawPointer) -> HeapObjectKind

    /// Lists the strong references of the object at a position, with labels; returns how many
    /// places it could not read.
    package typealias References = (Int, UnsafeRawPointer, (UnsafeRawPointer, ReferenceLabel) -> Void) -> Int

    /// Builds the graph of `objects` by walking each with `walker`; with `blockSizes` (the
    /// heap block of each object, for objects recognized in raw memory and a walker that
    /// checks reads), nothing past an object's block is read.
    ///
    /// - Complexity: O(*n* + *r*) in the objects and the places that may hold references.
    package init(
        walking objects: [UnsafeRawPointer],
        blockSizes: [Int]? = nil,
        with walker: ReferenceWalker = ReferenceWalker()
    ) {
        self.init(
            objects: objects,
            kind: walker.kind(of:),
            references: { position, object, visit in
                walker.forEachReference(of: object, blockSize: blockSizes?[position], visit)
            },
            appendAll: { range, batch in
                walker.appendReferences(of: objects, in: range, blockSizes: blockSizes, to: &batch)
            }
        )
    }

    /// Builds the graph of the tracked `objects` and the references among them that their
    /// `traverse` reports (labels are empty: `ReferenceNames` names properties by reflection).
    ///
    /// - Complexity: O(*n* + *e*) in the objects and the references they report.
    package init(traversing objects: [GCObject]) {
        let unnamed = ReferenceLabel.named("")
        self.init(
            objects: objects.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) },
            kind: { _ in .classInstance },
            references: { _, address, visit in
                Unmanaged<GCObject>.fromOpaque(address).takeUnretainedValue().traverse { referent in
                    visit(UnsafeRawPointer(Unmanaged.passUnretained(referent).toOpaque()), unnamed)
                }
                return 0
            }
        )
    }

    /// Builds the graph of `roots` and every Swift object they reach through strong
    /// references (closure contexts, boxes and collection storage included), in the order
    /// found (breadth first).
    ///
    /// - Complexity: O(*n* + *r*) in the objects reached and the places that may hold
    ///   references.
    package init(reachableFrom roots: [UnsafeRawPointer], with walker: ReferenceWalker = ReferenceWalker()) {
        var found: [UnsafeRawPointer] = []
        var seen: Set<UnsafeRawPointer> = []
        for root in roots where seen.insert(root).inserted { found.append(root) }
        var head = 0
        while head < found.count {
            let object = found[head]
            head += 1
            walker.forEachReference(of: object) { target, _ in
                if seen.insert(target).inserted { found.append(target) }
            }
        }
        self.init(walking: found, with: walker)
    }

    /// Builds the graph of `objects`, listing each one's strong references with `references`
    /// (given the object's position and address), which returns how many places it could not
    /// read; `appendAll`, when given, lists the references of a run of objects at once (the
    /// same ones, without labels) with their retain counts.
    ///
    /// The objects are walked in runs of a few thousand: each run's references are listed
    /// into one small reused batch, then looked up in the index and counted, with each lookup
    /// prefetched some references ahead (the random reads of a graph are the slots of the
    /// targets). The graph keeps only what its queries need: the edges as node numbers, the
    /// retain counts and the index, which holds the reference counts.
    package init(
        objects: [UnsafeRawPointer],
        kind: @escaping (UnsafeRawPointer) -> HeapObjectKind,
        references: @escaping References,
        appendAll: ((Range<Int>, inout ReferenceBatch) -> Void)? = nil
    ) {
        listReferences = references
        self.objects = objects
        objectKind = kind
        let index = AddressIndex(for: objects)
        let lookahead = 32
        for (position, object) in objects.enumerated() {
            if position + lookahead < objects.count { index.prefetch(UInt(bitPattern: objects[position + lookahead])) }
            index.insert(object, node: Int32(position))
        }
        var retainCounts: [Int32] = []
        retainCounts.reserveCapacity(objects.count)
        var unreadableCounts: [Int: Int] = [:]
        var firstEdge = [0]
        firstEdge.reserveCapacity(objects.count + 1)
        var edgeTargets: [Int32] = []
        edgeTargets.reserveCapacity(objects.count * 2)
        var batch = ReferenceBatch()
        let runLength = 4096
        var runStart = 0
        while runStart < objects.count {
            let run = runStart..<Swift.min(objects.count, runStart + runLength)
            batch.removeAll()
            if let appendAll {
                appendAll(run, &batch)
            } else {
                for position in run {
                    if position + 8 < objects.count { RuntimeShims.prefetchReferenceCounts(of: objects[position + 8]) }
                    batch.retainCounts.append(Int32(clamping: RuntimeShims.strongCount(of: objects[position])))
                    let places = references(position, objects[position]) { target, _ in
                        batch.targets.append(UInt(bitPattern: target))
                    }
                    if places > 0 { batch.unreadable.append((position, places)) }
                    batch.ends.append(batch.targets.count)
                }
            }
            retainCounts.append(contentsOf: batch.retainCounts)
            for (position, places) in batch.unreadable { unreadableCounts[position] = places }
            // Each reference is looked up and counted in one probe of the index (the count
            // lives next to the node).
            batch.targets.withUnsafeBufferPointer { targets in
                for edge in 0..<Swift.min(lookahead, targets.count) { index.prefetch(targets[edge]) }
                var edge = 0
                for end in batch.ends {
                    while edge < end {
                        if edge + lookahead < targets.count { index.prefetch(targets[edge + lookahead]) }
                        let node = index.countReference(to: targets[edge])
                        if node >= 0 { edgeTargets.append(node) }
                        edge += 1
                    }
                    firstEdge.append(edgeTargets.count)
                }
            }
            runStart = run.upperBound
        }
        nodeIndex = index
        self.retainCounts = retainCounts
        self.unreadableCounts = unreadableCounts
        self.firstEdge = firstEdge
        self.edgeTargets = edgeTargets
    }

    /// Builds the index `referrers(of:)` reads.
    ///
    /// - Complexity: O(*n* + *e*).
    package mutating func indexReferrers() {
        var starts = [Int](repeating: 0, count: objects.count + 1)
        for target in edgeTargets { starts[Int(target) + 1] += 1 }
        for node in objects.indices { starts[node + 1] += starts[node] }
        var nodes = [Int32](repeating: 0, count: edgeTargets.count)
        var next = starts
        for source in objects.indices {
            for edge in firstEdge[source]..<firstEdge[source + 1] {
                let target = Int(edgeTargets[edge])
                nodes[next[target]] = Int32(source)
                next[target] += 1
            }
        }
        referrerStarts = starts
        referrerNodes = nodes
    }

    /// The nodes that refer to `node` (one entry per reference), once `indexReferrers()` ran.
    package func referrers(of node: Int) -> some Collection<Int> {
        precondition(!referrerStarts.isEmpty, "ReferenceGraph.referrers(of:) needs indexReferrers() first")
        return referrerNodes[referrerStarts[node]..<referrerStarts[node + 1]].lazy.map(Int.init)
    }

    /// What the object of `node` is.
    package func kind(of node: Int) -> HeapObjectKind {
        objectKind(objects[node])
    }

    /// The node of `object`, if it is in the graph.
    package func node(of object: UnsafeRawPointer) -> Int? {
        let node = nodeIndex.node(of: object)
        return node >= 0 ? Int(node) : nil
    }

    /// The references from `node` to nodes of the graph, with their labels, read again from
    /// the object (which must not have changed since the graph was built).
    ///
    /// - Complexity: O(*r*) in the places of the object that may hold references.
    package func successors(of node: Int) -> [(target: Int, label: ReferenceLabel)] {
        var result: [(target: Int, label: ReferenceLabel)] = []
        _ = listReferences(node, objects[node]) { target, label in
            let targetNode = nodeIndex.node(of: target)
            if targetNode >= 0 { result.append((Int(targetNode), label)) }
        }
        return result
    }

    /// The nodes `node` refers to (one entry per reference).
    package func targets(of node: Int) -> some Collection<Int> {
        edgeTargets[firstEdge[node]..<firstEdge[node + 1]].lazy.map(Int.init)
    }

    /// How many strong references to `node` come from nodes in the graph.
    package func internalCount(of node: Int) -> Int {
        nodeIndex.referenceCount(of: objects[node])
    }

    /// The retain count of `node` when the graph was built.
    package func retainCount(of node: Int) -> Int {
        Int(retainCounts[node])
    }

    /// How many references the graph found among its nodes.
    package var edgeCount: Int { edgeTargets.count }

    /// Strong references to `node` from outside the graph (retain count minus references
    /// found inside); at least 0.
    package func externalCount(of node: Int) -> Int {
        Swift.max(0, retainCount(of: node) - internalCount(of: node))
    }

    /// For each node, whether nothing outside the graph keeps it alive: it has no external
    /// references and no node that has one reaches it. Such objects can only be freed by
    /// breaking a cycle among them (ARC alone never frees them).
    ///
    /// - Complexity: O(*n* + *e*).
    package func unreachableFromOutside() -> [Bool] {
        var unreachable = Array(repeating: true, count: objects.count)
        var pending: [Int] = []
        // Held from outside: more retains than references found inside. A node with fewer
        // was misread; treating it as held from outside can only leave something unreported.
        for node in objects.indices where internalCount(of: node) != retainCount(of: node) {
            unreachable[node] = false
            pending.append(node)
        }
        while let node = pending.popLast() {
            for edge in firstEdge[node]..<firstEdge[node + 1] {
                let target = Int(edgeTargets[edge])
                if unreachable[target] {
                    unreachable[target] = false
                    pending.append(target)
                }
            }
        }
        return unreachable
    }

    /// The strongly connected components among the nodes `included` selects that contain a
    /// cycle (more than one node, or one that refers to itself), each sorted, in order of
    /// their smallest node.
    ///
    /// - Complexity: O(*n* + *e*) (Tarjan's algorithm, with an explicit stack).
    package func cycles(among included: [Bool]) -> [[Int]] {
        let count = objects.count
        var order = [Int](repeating: -1, count: count)
        var lowLink = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var componentStack: [Int] = []
        var components: [[Int]] = []
        var nextOrder = 0
        for root in 0..<count where included[root] && order[root] < 0 {
            var callStack: [(node: Int, nextEdge: Int)] = [(root, firstEdge[root])]
            order[root] = nextOrder
            lowLink[root] = nextOrder
            nextOrder += 1
            componentStack.append(root)
            onStack[root] = true
            while let (node, edge) = callStack.last {
                if edge < firstEdge[node + 1] {
                    callStack[callStack.count - 1].nextEdge += 1
                    let target = Int(edgeTargets[edge])
                    guard included[target] else { continue }
                    if order[target] < 0 {
                        order[target] = nextOrder
                        lowLink[target] = nextOrder
                        nextOrder += 1
                        componentStack.append(target)
                        onStack[target] = true
                        callStack.append((target, firstEdge[target]))
                    } else if onStack[target] {
                        lowLink[node] = min(lowLink[node], order[target])
                    }
                    continue
                }
                callStack.removeLast()
                if let parent = callStack.last?.node { lowLink[parent] = min(lowLink[parent], lowLink[node]) }
                guard lowLink[node] == order[node] else { continue }
                var component: [Int] = []
                while let member = componentStack.popLast() {
                    onStack[member] = false
                    component.append(member)
                    if member == node { break }
                }
                let refersToItself = targets(of: node).contains(node)
                if component.count > 1 || refersToItself { components.append(component.sorted()) }
            }
        }
        return components.sorted { $0[0] < $1[0] }
    }

    /// The shortest path of references from `start` back to itself within `component`, as
    /// the nodes visited (starting with `start`) and the label of the reference leaving each.
    ///
    /// - Complexity: O(*n* + *e*) within the component (breadth-first search).
    package func shortestCycle(through start: Int, within component: Set<Int>) -> [(node: Int, label: ReferenceLabel)] {
        var parent: [Int: (node: Int, label: ReferenceLabel)] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for (target, label) in successors(of: node) where component.contains(target) {
                if target == start {
                    var path = [(node: node, label: label)]
                    while let previous = parent[path[path.count - 1].node] { path.append(previous) }
                    return path.reversed()
                }
                if parent[target] == nil && target != start {
                    parent[target] = (node, label)
                    queue.append(target)
                }
            }
        }
        return []
    }
}
