import ReclaimMacros

/// A `@Traced` struct stored in `ValueNode.pair`: a `let` reference (traced, not cleared, and
/// `@Uncleared` so that the compiler does not warn about it), an optional one and an array
/// (both cleared), and plain data.
@Traced struct NodePair {
    @Uncleared let pinned: OracleNode?
    var first: OracleNode?
    var items: [OracleNode] = []
    var weight = 0.5

    init(pinned: OracleNode?) {
        self.pinned = pinned
    }
}
