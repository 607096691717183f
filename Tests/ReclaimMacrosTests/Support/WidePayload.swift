import ReclaimMacros

/// A `@Traced` struct four words wide, too large for an existential's inline buffer: stored in
/// `ValueNode.boxed: Any`, it lives in a box that copies of the `Any` share. The oracle appends
/// nodes to it (which boxes a new copy), shares one vertex's box with another, re-boxes a copy
/// (a new box sharing the array's buffer), and keeps copies in locals. Clearing the `Any`
/// writes back a cleared copy in a new box.
@Traced struct WidePayload {
    var nodes: [OracleNode] = []
    var a = 0, b = 0, c = 0
}
