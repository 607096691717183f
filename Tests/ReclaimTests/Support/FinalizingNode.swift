import Reclaim

/// A `GraphNode` that also owns weak references. It reports them from `traverse` like any
/// other tracked object it holds, so a weak reference held by a node is part of the graph:
/// it is garbage exactly when its holder is. It has no finalizer of its own.
class WeakHoldingNode: GraphNode {
    let log: FinalizationLog
    var weakRefs: [WeakRef<GraphNode>] = []

    init(id: Int, record: LifeRecord, log: FinalizationLog, heap: Heap) {
        self.log = log
        super.init(id: id, record: record, heap: heap)
        log.register(self)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        super.traverse(visit)
        for weakRef in weakRefs { visit(weakRef) }
    }

    override func clear() {
        super.clear()
        weakRefs = []
    }
}

/// A `WeakHoldingNode` with a finalizer. The finalizer logs that it ran and, when it runs
/// during a collection, puts the node chosen in advance (`rescue`) into the test's root list.
final class FinalizingNode: WeakHoldingNode {
    let rescue: Int?

    init(id: Int, record: LifeRecord, log: FinalizationLog, rescue: Int?, heap: Heap) {
        self.rescue = rescue
        super.init(id: id, record: record, log: log, heap: heap)
    }

    override func finalize() {
        // Finalizers run before any member of the garbage is cleared, on a whole object.
        for other in [id] + edges.map(\.id) where record.cleared.contains(other) {
            log.recordViolation("n\(id)'s finalizer ran after n\(other) was cleared")
        }
        log.finalizerRan(id, rescue: rescue)
    }
}

/// The test's side of a finalization oracle graph: the outside root list that finalizers
/// and callbacks may add to, the log of finalizers and callbacks that ran, and Swift `weak`
/// references to every node and `WeakRef` by id, so the test can look objects up without
/// keeping them alive.
///
/// A plain class: the collector cannot see it, so the roots it holds are outside references.
///
/// Finalizers and callbacks only rescue while the collector holds the dying object (during
/// a collection). When ARC frees an object, the object is already deinitializing (Swift
/// `weak` references to it read `nil`); it could not save itself, and whether it could save
/// another object dying in the same cascade would depend on the order of ARC's releases.
final class FinalizationLog {
    private struct NodeSlot {
        weak var node: GraphNode?
    }

    private struct WeakRefSlot {
        weak var weakRef: WeakRef<GraphNode>?
    }

    /// What ran while a collection held the dying object, in order.
    enum Event: Equatable {
        case finalizer(Int)
        case callback(Int)
    }

    /// Nodes held by the test, sorted by id; finalizers and callbacks append to it.
    var roots: [GraphNode] = []
    /// Finalizers and callbacks that ran during collections, in the order they ran.
    private(set) var collectionEvents: [Event] = []
    /// What finalizers and callbacks found wrong while they ran: a weak reference still
    /// pointing at its dying referent, a cleared neighbour.
    private(set) var violations: [String] = []
    /// Ids of the nodes whose finalizer ran, once per run.
    private(set) var finalizerRuns: [Int] = []
    /// Ids of the weak references whose callback ran, once per run.
    private(set) var callbackRuns: [Int] = []
    private var nodes: [Int: NodeSlot] = [:]
    private var weakRefs: [Int: WeakRefSlot] = [:]
    private var referents: [Int: Int] = [:]

    func register(_ node: GraphNode) {
        nodes[node.id] = NodeSlot(node: node)
    }

    /// The node with this id, if it is still alive (and not deinitializing).
    func node(_ id: Int) -> GraphNode? {
        nodes[id]?.node
    }

    /// The weak reference with this id, if it is still alive.
    func weakRef(_ id: Int) -> WeakRef<GraphNode>? {
        weakRefs[id]?.weakRef
    }

    /// Creates a weak reference to `referent`; its callback (if any) logs that it ran and,
    /// during a collection, rescues the node `rescue`.
    func makeWeakRef(id: Int, to referent: GraphNode, hasCallback: Bool, rescue: Int?) -> WeakRef<GraphNode> {
        let weakRef: WeakRef<GraphNode>
        if hasCallback {
            let referentID = referent.id
            weakRef = WeakRef(referent) { [weak self] weakRef in
                if weakRef.object != nil {
                    self?.recordViolation("w\(id) still pointed at n\(referentID) when its callback ran")
                }
                self?.callbackRan(id, referent: referentID, rescue: rescue)
            }
        } else {
            weakRef = WeakRef(referent)
        }
        weakRefs[id] = WeakRefSlot(weakRef: weakRef)
        referents[id] = referent.id
        return weakRef
    }

    func recordViolation(_ violation: String) {
        violations.append(violation)
    }

    func sortRoots() {
        roots.sort { $0.id < $1.id }
    }

    func finalizerRan(_ id: Int, rescue: Int?) {
        finalizerRuns.append(id)
        // On the ARC path the node is deinitializing and its slot reads nil.
        guard node(id) != nil else { return }
        collectionEvents.append(.finalizer(id))
        // Every weak reference to an unreachable object is cleared before any finalizer runs.
        for (weakRefID, referent) in referents where referent == id && weakRef(weakRefID)?.object != nil {
            recordViolation("w\(weakRefID) still pointed at n\(id) when its finalizer ran")
        }
        save(rescue)
    }

    private func callbackRan(_ id: Int, referent: Int, rescue: Int?) {
        callbackRuns.append(id)
        // During a collection the referent is alive (the collector holds it); on the ARC
        // path it has been deinitialized.
        guard node(referent) != nil else { return }
        collectionEvents.append(.callback(id))
        save(rescue)
    }

    private func save(_ rescue: Int?) {
        guard let rescue, let target = node(rescue) else { return }
        roots.append(target)
    }
}
