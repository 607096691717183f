import Reclaim

/// An object of a `reclaim explain` graph: a tracked object whose strong references are the
/// graph's edges and whose weak references are `WeakRef`s with callbacks.
class ExplainNode: GCObject {
    /// The node's index in the graph description.
    let index: Int
    let journal: ExplainJournal
    var references: [ExplainNode] = []
    var weakReferences: [WeakRef<ExplainNode>] = []

    init(index: Int, journal: ExplainJournal, heap: Heap) {
        self.index = index
        self.journal = journal
        super.init(heap: heap)
    }

    /// Reports each element itself: the explainer's arrays are never copied, and the page shows
    /// references between objects, which a collection records only for references reported
    /// one by one (`traceReferences(_:)` would make the arrays storage nodes of the scan).
    override func traverse(_ visit: (GCObject) -> Void) {
        for reference in references { visit(reference) }
        for reference in weakReferences { visit(reference) }
    }

    override func clear() {
        references = []
        weakReferences = []
    }

    deinit {
        journal.freed.append(index)
    }
}

/// An ``ExplainNode`` with a finalizer, which may store the node in the journal (resurrect it).
/// A separate class, because the collector runs `finalize()` on every object of a class that
/// overrides it.
final class FinalizingExplainNode: ExplainNode {
    let resurrects: Bool

    init(index: Int, journal: ExplainJournal, heap: Heap, resurrects: Bool) {
        self.resurrects = resurrects
        super.init(index: index, journal: journal, heap: heap)
    }

    override func finalize() {
        if resurrects {
            journal.resurrected.append(self)
        }
    }
}

/// What happened to the nodes of one `reclaim explain` run, outside the collector's view: an
/// untracked object, so what it holds (resurrected nodes) counts as a reference from outside.
final class ExplainJournal {
    /// The indexes of the nodes whose `deinit` ran, in order.
    var freed: [Int] = []
    /// Nodes stored by finalizers.
    var resurrected: [ExplainNode] = []
    /// The indexes (into the description's references) of the weak references whose callback
    /// ran, in order.
    var callbacks: [Int] = []
}
