import ReclaimMacros

/// A `@Traced` enum without a payload-less case, stored in `ValueNode.route`: clearing
/// rebuilds the case with its payloads cleared, so `direct`'s optional becomes `nil` and
/// `fanOut`'s array empties, but `pinned`'s non-optional node stays (the case is `@Uncleared`,
/// which only silences the compile-time warning about it).
@Traced enum NodeRoute {
    case direct(OracleNode?)
    case fanOut([OracleNode])
    @Uncleared case pinned(OracleNode)
}
