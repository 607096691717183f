import Reclaim

/// A tracked test object with any number of strong references to other nodes and to
/// untracked boxes, reporting its node references exactly once each. Not `final`: the
/// finalization oracle subclasses it (`WeakHoldingNode`, `FinalizingNode`).
class GraphNode: GCObject {
    let id: Int
    let record: LifeRecord
    var edges: [GraphNode] = []
    /// Untracked objects this node owns; the collector cannot see through them.
    var boxes: [UntrackedBox] = []

    init(id: Int, record: LifeRecord, heap: Heap) {
        self.id = id
        self.record = record
        super.init(heap: heap)
    }

    init(id: Int, record: LifeRecord) {
        self.id = id
        self.record = record
        super.init()
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        for edge in edges { visit(edge) }
    }

    override func clear() {
        record.recordCleared(id)
        edges = []
        boxes = []
    }

    deinit { record.recordFreed(id) }
}

/// A plain Swift class (not tracked) holding strong references to nodes: its references
/// count as outside references for the collector.
final class UntrackedBox {
    let id: Int
    var targets: [GraphNode] = []

    init(id: Int) { self.id = id }
}

extension Heap {
    /// Breaks whatever the collector is not allowed to collect: cycles that run through an
    /// untracked box keep themselves alive by design (references from untracked objects count
    /// as outside references). Tests call this last so nothing outlives them.
    func breakRemainingGraphNodes() {
        for case let node as GraphNode in objects() {
            node.edges = []
            node.boxes = []
        }
    }
}
