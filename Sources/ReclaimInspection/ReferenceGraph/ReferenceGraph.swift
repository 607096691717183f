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
    package private(set) var retainCounts: [Int]
    /// How many strong references to each node come from nodes in the graph.
    package private(set) var internalCounts: [Int]
    /// How many places in each object could not be read.
    package private(set) var unreadableCounts: [Int]
    private var firstEdge: [Int]
    private var edgeTargets: [Int32]
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
            appendAll: { targets, ends, retainCounts in
                walker.appendReferences(
                    of: objects,
                    blockSizes: blockSizes,
                    to: &targets,
                    ends: &ends,
                    retainCounts: &retainCounts
                )
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
    /// read; `appendAll`, when given, lists every object's references at once (the same ones,
    /// without labels), appending each object's end to the second array and setting the third
    /// to the retain counts, and returns the unreadable counts.
    package init(
        objects: [UnsafeRawPointer],
        kind: @escaping (UnsafeRawPointer) -> HeapObjectKind,
        references: @escaping References,
        appendAll: ((inout [UInt], inout [Int], inout [Int]) -> [Int])? = nil
    ) {
        listReferences = references
        self.objects = objects
        objectKind = kind
        nodeIndex = AddressIndex(for: objects)
        let lookahead = 32
        for (position, object) in objects.enumerated() {
            if position + lookahead < objects.count {
                nodeIndex.prefetch(UInt(bitPattern: objects[position + lookahead]))
            }
            nodeIndex.insert(object, node: Int32(position))
        }
        var retainCounts: [Int] = []
        // Three passes, so that the random reads (the index slot of each reference's target,
        // then its count) are prefetched some references ahead instead of waited for one by
        // one: the walk itself reads the objects in order.
        var targets: [UInt] = []
        var walkedEdges = [0]
        walkedEdges.reserveCapacity(objects.count + 1)
        targets.reserveCapacity(objects.count * 2)
        var unreadableCounts: [Int]
        if let appendAll {
            unreadableCounts = appendAll(&targets, &walkedEdges, &retainCounts)
        } else {
            retainCounts = [Int](repeating: 0, count: objects.count)
            for (position, object) in objects.enumerated() {
                if position + lookahead < objects.count {
                    RuntimeShims.prefetchReferenceCounts(of: objects[position + lookahead])
                }
                retainCounts[position] = RuntimeShims.strongCount(of: object)
            }
            unreadableCounts = Array(repeating: 0, count: objects.count)
            for (position, object) in objects.enumerated() {
                unreadableCounts[position] = references(position, object) { target, _ in
                    targets.append(UInt(bitPattern: target))
                }
                walkedEdges.append(targets.count)
            }
        }
        // Each reference is looked up and counted in one probe of the index (the count lives
        // next to the key), with the probe prefetched some references ahead.
        let index = nodeIndex
        var nodes = [Int32](repeating: -1, count: targets.count)
        for edge in targets.indices {
            if edge + lookahead < targets.count { index.prefetch(targets[edge + lookahead]) }
            nodes[edge] = index.countReference(to: targets[edge])
        }
        var internalCounts = [Int](repeating: 0, count: objects.count)
        for (position, object) in objects.enumerated() {
            if position + lookahead < objects.count { index.prefetch(UInt(bitPattern: objects[position + lookahead])) }
            internalCounts[position] = index.referenceCount(of: object)
        }
        var firstEdge = [0]
        firstEdge.reserveCapacity(objects.count + 1)
        var edgeTargets: [Int32] = []
        edgeTargets.reserveCapacity(targets.count)
        for node in objects.indices {
            for edge in walkedEdges[node]..<walkedEdges[node + 1] where nodes[edge] >= 0 {
                edgeTargets.append(nodes[edge])
            }
            firstEdge.append(edgeTargets.count)
        }
        self.retainCounts = retainCounts
        self.internalCounts = internalCounts
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

    /// Strong references to `node` from outside the graph (retain count minus references
    /// found inside); at least 0.
    package func externalCount(of node: Int) -> Int {
        Swift.max(0, retainCounts[node] - internalCounts[node])
    }

    /// For each node, whether nothing outside the graph keeps it alive: it has no external
    /// references and no node that has one reaches it. Such objects can only be freed by
    /// breaking a cycle among them (ARC alone never frees them).
    ///
    /// - Complexity: O(*n* + *e*).
    package func unreachableFromOutside() -> [Bool] {
        var unreachable = Array(repeating: true, count: objects.count)
        var pending: [Int] = []
        // A node with more references found inside than its retain count was misread:
        // treating it as held from outside can only leave something unreported.
        for node in objects.indices where externalCount(of: node) > 0 || internalCounts[node] > retainCounts[node] {
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
