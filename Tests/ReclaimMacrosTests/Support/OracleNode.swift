import ReclaimMacros

/// The base of the oracle's node classes, and the type of most edge slots: an optional
/// reference (traced, cleared), a `weak` one (skipped) and an `@Untraced` strong one (skipped:
/// its target looks referenced from outside while this node lives). Hashable by identity, so
/// nodes can be set elements and dictionary keys.
@Traced class OracleNode: GCObject {
    let id: Int
    var next: OracleNode?
    weak var weakPeer: OracleNode?
    @Untraced var hidden: OracleNode?

    init(id: Int, heap: Heap) {
        self.id = id
        super.init(heap: heap)
    }

    func strongEdges() -> [GraphEdge] {
        var edges: [GraphEdge] = []
        if let next { edges.append(GraphEdge(slot: .next, target: next.id)) }
        if let hidden { edges.append(GraphEdge(slot: .hidden, target: hidden.id)) }
        return edges
    }

    func weakTarget(of slot: EdgeSlot) -> Int? {
        slot == .weakPeer ? weakPeer?.id : nil
    }
}

extension OracleNode: OracleVertex {}

extension OracleNode: Hashable {
    static func == (lhs: OracleNode, rhs: OracleNode) -> Bool { lhs === rhs }

    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
