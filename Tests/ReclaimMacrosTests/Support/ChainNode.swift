import ReclaimMacros

/// The README-style indirect list: each link lives in a box that copies of the enum share.
@Traced indirect enum Chain {
    case link(ChainNode, Chain)
    case end

    /// The nodes of the chain, first to last.
    var nodes: [ChainNode] {
        var nodes: [ChainNode] = []
        var rest = self
        while case .link(let node, let next) = rest {
            nodes.append(node)
            rest = next
        }
        return nodes
    }
}

/// A node that stores a `Chain`.
@Traced final class ChainNode: GCObject {
    var chain: Chain = .end
    var label = ""
}
