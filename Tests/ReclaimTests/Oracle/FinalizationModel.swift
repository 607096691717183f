/// An independent model of a test graph with finalizers and weak references: what ARC frees,
/// what a full collection finds unreachable, which finalizers and callbacks run, what they
/// resurrect, and what is finally cleared. Like `ReachabilityModel` it works on ids only and
/// shares no code with the collector.
///
/// Vertices are nodes (tracked), boxes (untracked) and weak references (tracked). Edges: node
/// → node and node → weak reference (reported by `traverse`), node → box (invisible to the
/// collector), box → node (an outside reference). Roots (nodes, boxes, weak references) are
/// held by the test. A weak reference does not keep its referent alive.
///
/// The semantics predicted, for a collection:
/// 1. U = the live nodes not reachable through node → node edges from a root or a live
///    box's target, plus the weak references that nodes of U hold.
/// 2. Every weak reference in U is cleared and loses its callback. Every other weak reference
///    to a node of U that is not cleared yet is cleared, and its callback (if any) runs.
/// 3. Every node of U with a finalizer that has not run yet runs it, once ever.
/// 4. Callbacks and finalizers that rescue a live node add it to the roots.
/// 5. What is now reachable from the outside survives; the rest of U is cleared and freed,
///    and ARC frees whatever that leaves unreferenced.
///
/// When ARC frees a node, its finalizer runs (if it has one that has not run yet), and each
/// weak reference to it that is not cleared yet is cleared and calls back if it outlives the
/// node. A weak reference whose holder dies in the same cascade as its referent may or may
/// not outlive it (that depends on the order of ARC's releases), so that callback is
/// recorded as possible, not certain. Finalizers and callbacks never rescue on the ARC path.
struct FinalizationModel: NodeAndBoxGraph {
    enum Holder: Equatable {
        case test
        case node(Int)
    }

    struct WeakReference {
        let referent: Int
        let holder: Holder
        let hasCallback: Bool
        let rescue: Int?
    }

    /// What one collection must do.
    struct CollectionPrediction {
        /// Nodes found unreachable (U without its weak references).
        var unreachable: Set<Int> = []
        /// Nodes cleared and freed at the end.
        var garbage: Set<Int> = []
        /// The return value of `collect()`: members of U not resurrected.
        var found = 0
        /// Members of U (nodes and weak references) that survive.
        var resurrected = 0
    }

    var nodeEdges: [Int: [Int]] = [:]
    var nodeBoxes: [Int: [Int]] = [:]
    var nodeWeakRefs: [Int: [Int]] = [:]
    var boxTargets: [Int: [Int]] = [:]
    /// Kept sorted, as the test keeps its root list sorted by id.
    var rootNodes: [Int] = []
    var rootBoxes: [Int] = []
    var rootWeakRefs: [Int] = []

    /// Nodes whose class has a finalizer.
    private(set) var hasFinalizer: Set<Int> = []
    /// The node each finalizer rescues, for those that rescue one.
    private(set) var finalizerRescue: [Int: Int] = [:]
    private(set) var weakRefs: [Int: WeakReference] = [:]

    private(set) var aliveNodes: Set<Int> = []
    private(set) var aliveBoxes: Set<Int> = []
    private(set) var aliveWeakRefs: Set<Int> = []

    /// Nodes whose finalizer has run.
    private(set) var finalized: Set<Int> = []
    /// Weak references whose callback certainly ran.
    private(set) var callbacksRan: Set<Int> = []
    /// Weak references whose callback may have run (see the type's documentation).
    private(set) var callbacksMaybeRan: Set<Int> = []
    /// Weak references whose callback has not run and still can.
    private(set) var pendingCallbacks: Set<Int> = []
    /// Weak references that return `nil`.
    private(set) var clearedWeakRefs: Set<Int> = []
    /// Nodes a collection cleared.
    private(set) var clearedNodes: Set<Int> = []
    /// Nodes that a collection found unreachable and that survived it.
    private(set) var resurrectedNodes: Set<Int> = []
    /// How often each predicted event happened, so a test can check that it exercised them.
    private(set) var coverage = Coverage()

    /// Counts of predicted events.
    struct Coverage {
        var finalizersRunByCollections = 0
        var finalizersRunByARC = 0
        var callbacksRunByCollections = 0
        var callbacksRunByARC = 0
        var callbacksDroppedInGarbage = 0
        /// Callbacks whose weak reference died in the same ARC cascade as its referent (not
        /// checked either way).
        var callbacksPossiblyRunByARC = 0
        var rescues = 0
        var collectionsWithResurrection = 0
        var resurrectedNodesCollectedLater = 0

        static func + (left: Self, right: Self) -> Self {
            Coverage(
                finalizersRunByCollections: left.finalizersRunByCollections + right.finalizersRunByCollections,
                finalizersRunByARC: left.finalizersRunByARC + right.finalizersRunByARC,
                callbacksRunByCollections: left.callbacksRunByCollections + right.callbacksRunByCollections,
                callbacksRunByARC: left.callbacksRunByARC + right.callbacksRunByARC,
                callbacksDroppedInGarbage: left.callbacksDroppedInGarbage + right.callbacksDroppedInGarbage,
                callbacksPossiblyRunByARC: left.callbacksPossiblyRunByARC + right.callbacksPossiblyRunByARC,
                rescues: left.rescues + right.rescues,
                collectionsWithResurrection: left.collectionsWithResurrection + right.collectionsWithResurrection,
                resurrectedNodesCollectedLater: left.resurrectedNodesCollectedLater
                    + right.resurrectedNodesCollectedLater
            )
        }
    }

    mutating func addNode(_ id: Int, hasFinalizer finalizer: Bool, rescue: Int?) {
        nodeEdges[id] = []
        nodeBoxes[id] = []
        nodeWeakRefs[id] = []
        aliveNodes.insert(id)
        if finalizer {
            hasFinalizer.insert(id)
            if let rescue { finalizerRescue[id] = rescue }
        }
    }

    mutating func addBox(_ id: Int, targets: [Int]) {
        boxTargets[id] = targets
        aliveBoxes.insert(id)
    }

    /// Adds a weak reference; the caller adds it to its holder's list (`nodeWeakRefs` or
    /// `rootWeakRefs`).
    mutating func addWeakRef(_ id: Int, _ weakRef: WeakReference) {
        weakRefs[id] = weakRef
        aliveWeakRefs.insert(id)
        if weakRef.hasCallback { pendingCallbacks.insert(id) }
    }

    /// The weak reference with this id, as created.
    func weakReference(_ id: Int) -> WeakReference? {
        weakRefs[id]
    }

    /// What `weakRef.object` returns: the referent's id, or nil once cleared.
    func expectedObject(ofWeakRef id: Int) -> Int? {
        guard let weakRef = weakRefs[id], !clearedWeakRefs.contains(id) else { return nil }
        return weakRef.referent
    }

    /// Frees, as ARC does, every vertex that no live vertex and no root references, and
    /// applies what dying by ARC does: finalizers and callbacks.
    mutating func applyReferenceCounting() {
        var nodeCounts = [Int: Int]()
        var boxCounts = [Int: Int]()
        var weakRefCounts = [Int: Int]()
        for node in rootNodes { nodeCounts[node, default: 0] += 1 }
        for box in rootBoxes { boxCounts[box, default: 0] += 1 }
        for weakRef in rootWeakRefs { weakRefCounts[weakRef, default: 0] += 1 }
        for node in aliveNodes {
            for target in nodeEdges[node, default: []] { nodeCounts[target, default: 0] += 1 }
            for box in nodeBoxes[node, default: []] { boxCounts[box, default: 0] += 1 }
            for weakRef in nodeWeakRefs[node, default: []] { weakRefCounts[weakRef, default: 0] += 1 }
        }
        for box in aliveBoxes {
            for target in boxTargets[box, default: []] { nodeCounts[target, default: 0] += 1 }
        }
        var nodeQueue = aliveNodes.filter { nodeCounts[$0, default: 0] == 0 }
        var boxQueue = aliveBoxes.filter { boxCounts[$0, default: 0] == 0 }
        var weakRefQueue = aliveWeakRefs.filter { weakRefCounts[$0, default: 0] == 0 }
        var deadNodes = Set<Int>()
        var deadWeakRefs = Set<Int>()
        func release(node: Int) {
            nodeCounts[node, default: 0] -= 1
            if nodeCounts[node] == 0 { nodeQueue.insert(node) }
        }
        while !nodeQueue.isEmpty || !boxQueue.isEmpty || !weakRefQueue.isEmpty {
            if let node = nodeQueue.popFirst() {
                guard aliveNodes.remove(node) != nil else { continue }
                deadNodes.insert(node)
                for target in nodeEdges[node, default: []] { release(node: target) }
                for box in nodeBoxes[node, default: []] {
                    boxCounts[box, default: 0] -= 1
                    if boxCounts[box] == 0 { boxQueue.insert(box) }
                }
                for weakRef in nodeWeakRefs[node, default: []] {
                    weakRefCounts[weakRef, default: 0] -= 1
                    if weakRefCounts[weakRef] == 0 { weakRefQueue.insert(weakRef) }
                }
            } else if let box = boxQueue.popFirst() {
                guard aliveBoxes.remove(box) != nil else { continue }
                for target in boxTargets[box, default: []] { release(node: target) }
            } else if let weakRef = weakRefQueue.popFirst() {
                guard aliveWeakRefs.remove(weakRef) != nil else { continue }
                deadWeakRefs.insert(weakRef)
            }
        }
        recordDeaths(nodes: deadNodes, weakRefs: deadWeakRefs)
    }

    private mutating func recordDeaths(nodes: Set<Int>, weakRefs dying: Set<Int>) {
        for node in nodes.intersection(hasFinalizer) where finalized.insert(node).inserted {
            coverage.finalizersRunByARC += 1
        }
        for id in aliveWeakRefs.union(dying) where !clearedWeakRefs.contains(id) {
            guard let weakRef = weakRefs[id], nodes.contains(weakRef.referent) else { continue }
            clearedWeakRefs.insert(id)
            guard pendingCallbacks.remove(id) != nil else { continue }
            if dying.contains(id) {
                callbacksMaybeRan.insert(id)
                coverage.callbacksPossiblyRunByARC += 1
            } else {
                callbacksRan.insert(id)
                coverage.callbacksRunByARC += 1
            }
        }
        pendingCallbacks.subtract(dying)
    }

    /// Applies a full collection and returns what it must have done.
    mutating func applyCollection() -> CollectionPrediction {
        var prediction = CollectionPrediction()
        let unreachable = unreachableNodes()
        prediction.unreachable = unreachable
        let unreachableWeakRefs = Set(unreachable.flatMap { nodeWeakRefs[$0, default: []] })
        var rescued: [Int] = []

        // Weak references: every one in U, and every one to a node of U, is cleared; only
        // those outside U call back.
        for id in aliveWeakRefs.sorted() {
            guard let weakRef = weakRefs[id] else { continue }
            if unreachableWeakRefs.contains(id) {
                clearedWeakRefs.insert(id)
                if pendingCallbacks.remove(id) != nil { coverage.callbacksDroppedInGarbage += 1 }
            } else if unreachable.contains(weakRef.referent), clearedWeakRefs.insert(id).inserted,
                pendingCallbacks.remove(id) != nil
            {
                callbacksRan.insert(id)
                coverage.callbacksRunByCollections += 1
                if let rescue = weakRef.rescue { rescued.append(rescue) }
            }
        }
        // Finalizers, once ever per node.
        for node in unreachable.intersection(hasFinalizer).sorted() where finalized.insert(node).inserted {
            coverage.finalizersRunByCollections += 1
            if let rescue = finalizerRescue[node] { rescued.append(rescue) }
        }
        // Nothing has been freed yet, so every rescue of a live node succeeds.
        rescued.removeAll { !aliveNodes.contains($0) }
        coverage.rescues += rescued.count
        rootNodes += rescued
        rootNodes.sort()

        let garbage = unreachableNodes()
        let garbageWeakRefs = Set(garbage.flatMap { nodeWeakRefs[$0, default: []] })
        prediction.garbage = garbage
        prediction.found = garbage.count + garbageWeakRefs.count
        prediction.resurrected =
            unreachable.count - garbage.count + unreachableWeakRefs.count - garbageWeakRefs.count

        if prediction.resurrected > 0 { coverage.collectionsWithResurrection += 1 }
        coverage.resurrectedNodesCollectedLater += garbage.intersection(resurrectedNodes).count
        resurrectedNodes.formUnion(unreachable.subtracting(garbage))
        clearedNodes.formUnion(garbage)
        for node in garbage {
            nodeEdges[node] = []
            nodeBoxes[node] = []
            nodeWeakRefs[node] = []
        }
        applyReferenceCounting()
        return prediction
    }

    /// A compact description of the graph, for failure messages.
    func summary() -> String {
        var lines: [String] = []
        for node in nodeEdges.keys.sorted() {
            var line = "n\(node)"
            if hasFinalizer.contains(node) {
                line += " fin" + (finalizerRescue[node].map { "(saves n\($0))" } ?? "")
            }
            line += " → \(nodeEdges[node, default: []].map { "n\($0)" })"
            if let boxes = nodeBoxes[node], !boxes.isEmpty { line += " boxes \(boxes.map { "b\($0)" })" }
            if let held = nodeWeakRefs[node], !held.isEmpty { line += " holds \(held.map { "w\($0)" })" }
            if !aliveNodes.contains(node) { line += " (dead)" }
            lines.append(line)
        }
        for box in boxTargets.keys.sorted() {
            lines.append("b\(box) → \(boxTargets[box, default: []].map { "n\($0)" })")
        }
        for id in weakRefs.keys.sorted() {
            guard let weakRef = weakRefs[id] else { continue }
            var line = "w\(id) → n\(weakRef.referent)"
            if weakRef.hasCallback {
                line += " callback" + (weakRef.rescue.map { "(saves n\($0))" } ?? "")
            }
            if !aliveWeakRefs.contains(id) { line += " (dead)" }
            lines.append(line)
        }
        lines.append(
            "roots \(rootNodes.map { "n\($0)" }) \(rootBoxes.map { "b\($0)" }) \(rootWeakRefs.map { "w\($0)" })"
        )
        return lines.joined(separator: "\n")
    }
}
