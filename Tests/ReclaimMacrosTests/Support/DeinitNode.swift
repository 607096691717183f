import ReclaimMacros

/// The end of the subclass chain: adds an array of edges and a `deinit` of its own, which
/// records the node in a journal (a `ReferenceFree` class, traced as nothing).
@Traced final class DeinitNode: AnchoredNode {
    var extra: [OracleNode] = []
    let journal: DeinitJournal

    init(
        id: Int,
        origin: OracleNode,
        originals: [OracleNode],
        keepsake: GCObject?,
        anchor: OracleNode,
        journal: DeinitJournal,
        heap: Heap
    ) {
        self.journal = journal
        super.init(id: id, origin: origin, originals: originals, keepsake: keepsake, anchor: anchor, heap: heap)
    }

    deinit { journal.record(id) }

    override func strongEdges() -> [GraphEdge] {
        super.strongEdges() + extra.map { GraphEdge(slot: .extra, target: $0.id) }
    }
}
