/// One reference of the traced oracle graph: the slot that stores it and the id of its target.
struct GraphEdge: Hashable, Comparable, CustomStringConvertible {
    var slot: EdgeSlot
    var target: Int

    static func < (lhs: GraphEdge, rhs: GraphEdge) -> Bool {
        (lhs.slot, lhs.target) < (rhs.slot, rhs.target)
    }

    var description: String { "\(slot)→\(target)" }
}
