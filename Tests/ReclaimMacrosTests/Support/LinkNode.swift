import ReclaimMacros

/// An enum whose only reference is a non-optional payload: clearing switches it to `.none`.
@Traced enum Link {
    case none
    case to(LinkNode)
}

/// A node linked to the next through a `Link`.
@Traced final class LinkNode: GCObject {
    var link: Link = .none
}
