import ReclaimMacros

/// The middle of a subclass chain (`OracleNode` → `AnchoredNode` → `DeinitNode`), with
/// references the generated `clear()` cannot drop: three `let`s, set at initialization to
/// older vertices, and a non-optional `var`, which can be pointed anywhere later. `keepsake`
/// can hold any vertex, so a box or a leaf can be kept alive by an uncollectable cycle (which
/// makes what `clear()` did to a box observable). `anchor` is `@Uncleared` (which only
/// silences the compile-time warning about it): the oracle builds cycles through it on
/// purpose. The `let`s get no warning: they refer to older vertices only.
@Traced class AnchoredNode: OracleNode {
    let origin: OracleNode
    let originals: [OracleNode]
    let keepsake: GCObject?
    @Uncleared var anchor: OracleNode

    init(id: Int, origin: OracleNode, originals: [OracleNode], keepsake: GCObject?, anchor: OracleNode, heap: Heap) {
        self.origin = origin
        self.originals = originals
        self.keepsake = keepsake
        self.anchor = anchor
        super.init(id: id, heap: heap)
    }

    override func strongEdges() -> [GraphEdge] {
        var edges = super.strongEdges()
        edges.append(GraphEdge(slot: .origin, target: origin.id))
        edges += originals.map { GraphEdge(slot: .originals, target: $0.id) }
        if let keepsake { edges.append(GraphEdge(slot: .keepsake, target: vertexID(of: keepsake))) }
        edges.append(GraphEdge(slot: .anchor, target: anchor.id))
        return edges
    }
}
