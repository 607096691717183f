import ReclaimMacros

/// A `@Traced` indirect enum stored in `ValueNode.chain`: a linked list of nodes whose links
/// live in boxes that copies of the enum share. The oracle adds a node by prepending a link,
/// copies one vertex's chain into another (the two then share every box), and keeps copies in
/// locals (which keep every node of the chain alive). Clearing switches to `.end`.
@Traced indirect enum NodeChain {
    case link(OracleNode, NodeChain)
    case end

    /// The nodes of the chain, first to last.
    var nodes: [OracleNode] {
        var nodes: [OracleNode] = []
        var rest = self
        while case .link(let node, let next) = rest {
            nodes.append(node)
            rest = next
        }
        return nodes
    }
}
