import ReclaimMacros

/// A `@Traced` enum with payloads and a payload-less case, stored in `ValueNode.link`. The
/// generated `clearReferences()` switches every case that carries nodes to `.none`, which drops
/// them all, the non-optional ones included.
@Traced enum NodeLink {
    case none
    case one(OracleNode)
    case two(OracleNode, weight: Int, OracleNode?)
    case many([OracleNode])
}
