import Reclaim
import ReclaimTestSupport

/// A random graph of `WeakHoldingNode`s and `FinalizingNode`s with weak references (held by
/// the test or by nodes), mutated at random, mirrored in a `FinalizationModel`.
///
/// The test holds only roots (nodes, boxes, weak references); every other object is reached
/// through real references, so what becomes unreachable really is unreachable.
struct FinalizationWorld {
    enum Shape: CaseIterable {
        case randomDigraph, doublyLinkedList, treeWithParents, clique, selfLoops, ring, chain
    }

    let heap: Heap
    let record = LifeRecord()
    let log = FinalizationLog()
    private(set) var model = FinalizationModel()
    private var rootBoxes: [UntrackedBox] = []
    private var rootWeakRefs: [WeakRef<GraphNode>] = []
    private(set) var nodeCount = 0
    private(set) var weakRefCount = 0
    private var boxCount = 0
    /// The shape each node was built in: "another member of its cycle" for rescues.
    private var groups: [Int: Range<Int>] = [:]

    init(heap: Heap, rng: inout SplitMix64) {
        self.heap = heap
        build(rng: &rng)
    }

    /// Ids of the nodes still alive.
    func actualAliveNodes() -> Set<Int> {
        Set(0..<nodeCount).subtracting(record.freed)
    }

    /// Ids of the weak references still alive.
    func actualAliveWeakRefs() -> Set<Int> {
        Set((0..<weakRefCount).filter { log.weakRef($0) != nil })
    }

    // MARK: - Building

    /// Builds the graph while holding every node, then lets go of all but the roots, so ARC
    /// frees (and finalizes) every acyclic part that nothing references.
    private mutating func build(rng: inout SplitMix64) {
        let total = Int.random(in: 5...40, using: &rng)
        var nodes: [WeakHoldingNode] = []
        while nodes.count < total {
            let first = nodes.count
            let size = Int.random(in: 1...min(12, total - first), using: &rng)
            let group = first..<(first + size)
            for id in group {
                nodes.append(makeNode(id: id, group: group, rescueRange: 0..<total, rng: &rng))
            }
            linkShape(group, nodes: nodes, rng: &rng)
        }
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            let from = Int.random(in: 0..<total, using: &rng)
            let to = Int.random(in: 0..<total, using: &rng)
            link(nodes[from], nodes[to])
        }
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            let box = UntrackedBox(id: boxCount)
            boxCount += 1
            var targets: [Int] = []
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                let target = Int.random(in: 0..<total, using: &rng)
                box.targets.append(nodes[target])
                targets.append(target)
            }
            model.addBox(box.id, targets: targets)
            if Bool.random(using: &rng) {
                let owner = nodes[Int.random(in: 0..<total, using: &rng)]
                owner.boxes.append(box)
                model.nodeBoxes[owner.id, default: []].append(box.id)
            } else {
                rootBoxes.append(box)
                model.rootBoxes.append(box.id)
            }
        }
        for _ in 0..<Int.random(in: 0...(total / 2), using: &rng) {
            let referent = nodes[Int.random(in: 0..<total, using: &rng)]
            let holder = Int.random(in: 0..<5, using: &rng) < 2 ? nil : nodes[Int.random(in: 0..<total, using: &rng)]
            addWeakRef(to: referent, heldBy: holder, rng: &rng)
        }
        var roots: [GraphNode] = []
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            roots.append(nodes[Int.random(in: 0..<total, using: &rng)])
        }
        log.roots = roots
        log.sortRoots()
        model.rootNodes = roots.map(\.id).sorted()
        model.applyReferenceCounting()
    }

    private mutating func makeNode(
        id: Int,
        group: Range<Int>,
        rescueRange: Range<Int>,
        rng: inout SplitMix64
    ) -> WeakHoldingNode {
        nodeCount = max(nodeCount, id + 1)
        groups[id] = group
        guard Bool.random(using: &rng) else {
            model.addNode(id, hasFinalizer: false, rescue: nil)
            return WeakHoldingNode(id: id, record: record, log: log, heap: heap)
        }
        let rescue: Int?
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<4: rescue = nil
        case 4..<6: rescue = id
        case 6..<8: rescue = group.count > 1 ? group.filter { $0 != id }.randomElement(using: &rng) : id
        default: rescue = Int.random(in: rescueRange, using: &rng)
        }
        model.addNode(id, hasFinalizer: true, rescue: rescue)
        return FinalizingNode(id: id, record: record, log: log, rescue: rescue, heap: heap)
    }

    private mutating func link(_ from: GraphNode, _ to: GraphNode) {
        from.edges.append(to)
        model.nodeEdges[from.id, default: []].append(to.id)
    }

    private mutating func linkShape(_ group: Range<Int>, nodes: [WeakHoldingNode], rng: inout SplitMix64) {
        let members = Array(group)
        switch Shape.allCases.randomElement(using: &rng) ?? .ring {
        case .randomDigraph:
            for node in members {
                for _ in 0..<Int.random(in: 0...3, using: &rng) {
                    link(nodes[node], nodes[members.randomElement(using: &rng) ?? node])
                }
            }
        case .doublyLinkedList:
            for (left, right) in zip(members, members.dropFirst()) {
                link(nodes[left], nodes[right])
                link(nodes[right], nodes[left])
            }
        case .treeWithParents:
            for child in members.dropFirst() {
                let parent = Int.random(in: group.lowerBound..<child, using: &rng)
                link(nodes[parent], nodes[child])
                link(nodes[child], nodes[parent])
            }
        case .clique:
            for from in members.prefix(5) {
                for to in members.prefix(5) where to != from { link(nodes[from], nodes[to]) }
            }
        case .selfLoops:
            for node in members {
                link(nodes[node], nodes[node])
                if Bool.random(using: &rng) { link(nodes[node], nodes[members.randomElement(using: &rng) ?? node]) }
            }
        case .ring:
            for (position, node) in members.enumerated() {
                link(nodes[node], nodes[members[(position + 1) % members.count]])
            }
        case .chain:
            for (from, to) in zip(members, members.dropFirst()) { link(nodes[from], nodes[to]) }
        }
    }

    /// Creates a weak reference to `referent`, held by `holder` or (nil) by the test. Three in
    /// four have a callback; half of those rescue a node: the referent, another member of its
    /// shape, or any node.
    private mutating func addWeakRef(to referent: GraphNode, heldBy holder: WeakHoldingNode?, rng: inout SplitMix64) {
        let id = weakRefCount
        weakRefCount += 1
        let hasCallback = Int.random(in: 0..<4, using: &rng) != 0
        var rescue: Int?
        if hasCallback {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0..<3: rescue = nil
            case 3: rescue = referent.id
            case 4: rescue = groups[referent.id]?.randomElement(using: &rng)
            default: rescue = Int.random(in: 0..<nodeCount, using: &rng)
            }
        }
        let weakRef = log.makeWeakRef(id: id, to: referent, hasCallback: hasCallback, rescue: rescue)
        model.addWeakRef(
            id,
            FinalizationModel.WeakReference(
                referent: referent.id,
                holder: holder.map { .node($0.id) } ?? .test,
                hasCallback: hasCallback,
                rescue: rescue
            )
        )
        if let holder {
            holder.weakRefs.append(weakRef)
            model.nodeWeakRefs[holder.id, default: []].append(id)
        } else {
            rootWeakRefs.append(weakRef)
            model.rootWeakRefs.append(id)
        }
    }

    // MARK: - Mutations

    /// Applies one random mutation (each one a possible ARC cascade) to the graph and the
    /// model, and describes it.
    mutating func applyRandomOperation(rng: inout SplitMix64) -> String {
        let reachable = model.reachableNodes().sorted()
        let description = mutate(reachable: reachable, rng: &rng)
        model.applyReferenceCounting()
        return description
    }

    private mutating func mutate(reachable: [Int], rng: inout SplitMix64) -> String {
        let pick = reachable.randomElement(using: &rng).flatMap { log.node($0) as? WeakHoldingNode }
        let other = reachable.randomElement(using: &rng).flatMap { log.node($0) }
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<35:
            guard !log.roots.isEmpty else { return "nothing" }
            let position = Int.random(in: 0..<log.roots.count, using: &rng)
            log.roots.remove(at: position)
            return "drop root n\(model.rootNodes.remove(at: position))"
        case 35..<42:
            guard !rootBoxes.isEmpty else { return "nothing" }
            let position = Int.random(in: 0..<rootBoxes.count, using: &rng)
            rootBoxes.remove(at: position)
            return "drop root box b\(model.rootBoxes.remove(at: position))"
        case 42..<50:
            guard !rootWeakRefs.isEmpty else { return "nothing" }
            let position = Int.random(in: 0..<rootWeakRefs.count, using: &rng)
            rootWeakRefs.remove(at: position)
            return "drop root weak reference w\(model.rootWeakRefs.remove(at: position))"
        case 50..<65:
            guard let pick, !pick.edges.isEmpty else { return "nothing" }
            let position = Int.random(in: 0..<pick.edges.count, using: &rng)
            pick.edges.remove(at: position)
            let target = model.nodeEdges[pick.id, default: []].remove(at: position)
            return "drop edge n\(pick.id) → n\(target)"
        case 65..<78:
            guard let pick, let other else { return "nothing" }
            link(pick, other)
            return "add edge n\(pick.id) → n\(other.id)"
        case 78..<90:
            guard let other else { return "nothing" }
            let holder = Bool.random(using: &rng) ? nil : pick
            addWeakRef(to: other, heldBy: holder, rng: &rng)
            return "add w\(weakRefCount - 1) → n\(other.id) held by \(holder.map { "n\($0.id)" } ?? "the test")"
        case 90..<95:
            guard let other else { return "nothing" }
            log.roots.append(other)
            log.sortRoots()
            model.rootNodes.append(other.id)
            model.rootNodes.sort()
            return "root n\(other.id)"
        default:
            let id = nodeCount
            let node = makeNode(id: id, group: id..<(id + 1), rescueRange: 0..<(id + 1), rng: &rng)
            if let pick {
                link(pick, node)
                if Bool.random(using: &rng) { link(node, pick) }
                return "new n\(id) from n\(pick.id)"
            }
            log.roots.append(node)
            log.sortRoots()
            model.rootNodes.append(id)
            model.rootNodes.sort()
            return "new root n\(id)"
        }
    }

    /// Drops every root (nodes, boxes, weak references).
    mutating func dropAllRoots() {
        log.roots = []
        rootBoxes = []
        rootWeakRefs = []
        model.rootNodes = []
        model.rootBoxes = []
        model.rootWeakRefs = []
        model.applyReferenceCounting()
    }

    /// Applies a full collection to the model and returns what it predicts; the caller runs
    /// the collection.
    mutating func predictCollection() -> FinalizationModel.CollectionPrediction {
        model.applyCollection()
    }

    /// Keeps the test's root list in the model's order after a collection's rescues.
    func sortRoots() {
        log.sortRoots()
    }
}
