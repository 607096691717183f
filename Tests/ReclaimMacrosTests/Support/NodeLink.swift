import ReclaimMacros

/// A `@Traced` enum with payloads, stored in `ValueNode.link`. The generated
/// `clearReferences()` rebuilds the case with each payload cleared: `many`'s array empties and
/// `two`'s optional becomes `nil`, but a non-optional `OracleNode` payload cannot be cleared
/// (clearing a plain reference does nothing), so `one` and the head of `two` stay.
@Traced enum NodeLink {
    case none
    case one(OracleNode)
    case two(OracleNode, weight: Int, OracleNode?)
    case many([OracleNode])
}
