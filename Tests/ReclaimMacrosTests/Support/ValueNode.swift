import ReclaimMacros

/// A node whose edges live in values: a `@Traced` struct, a `@Traced` enum with a payload-less
/// case, one without, an `indirect` enum, a large struct in an `Any`, a tuple of optionals and
/// a `Callback` capturing a node; also two properties declared in one `var`, an implicitly
/// unwrapped optional, and an `unowned` reference, which `@Traced` must skip.
@Traced final class ValueNode: OracleNode {
    var pair: NodePair
    var link: NodeLink = .none
    var route: NodeRoute = .direct(nil)
    var chain: NodeChain = .end
    var boxed: Any = WidePayload()
    var tuple: (OracleNode?, OracleNode?) = (nil, nil)
    var callback: Callback<Int, Int>?
    var left, right: OracleNode?
    // swift-format-ignore: NeverUseImplicitlyUnwrappedOptionals
    // The macro handles implicitly unwrapped optionals as optionals: tested on purpose.
    var implicit: OracleNode!
    unowned var safePeer: OracleNode?

    init(id: Int, pinned: OracleNode?, heap: Heap) {
        pair = NodePair(pinned: pinned)
        super.init(id: id, heap: heap)
    }

    override func strongEdges() -> [GraphEdge] {
        var edges = super.strongEdges()
        if let pinned = pair.pinned { edges.append(GraphEdge(slot: .pairPinned, target: pinned.id)) }
        if let first = pair.first { edges.append(GraphEdge(slot: .pairFirst, target: first.id)) }
        edges += pair.items.map { GraphEdge(slot: .pairItems, target: $0.id) }
        switch link {
        case .none:
            break
        case .one(let node):
            edges.append(GraphEdge(slot: .linkOne, target: node.id))
        case .two(let head, _, let tail):
            edges.append(GraphEdge(slot: .linkTwoHead, target: head.id))
            if let tail { edges.append(GraphEdge(slot: .linkTwoTail, target: tail.id)) }
        case .many(let nodes):
            edges += nodes.map { GraphEdge(slot: .linkMany, target: $0.id) }
        }
        switch route {
        case .direct(let node):
            if let node { edges.append(GraphEdge(slot: .routeDirect, target: node.id)) }
        case .fanOut(let nodes):
            edges += nodes.map { GraphEdge(slot: .routeFanOut, target: $0.id) }
        case .pinned(let node):
            edges.append(GraphEdge(slot: .routePinned, target: node.id))
        }
        edges += chain.nodes.map { GraphEdge(slot: .chain, target: $0.id) }
        if let payload = boxed as? WidePayload {
            edges += payload.nodes.map { GraphEdge(slot: .boxed, target: $0.id) }
        }
        if let first = tuple.0 { edges.append(GraphEdge(slot: .tupleFirst, target: first.id)) }
        if let second = tuple.1 { edges.append(GraphEdge(slot: .tupleSecond, target: second.id)) }
        // The callback returns its captured node's id: the only way to see what it holds.
        if let target = callback?(0) { edges.append(GraphEdge(slot: .callback, target: target)) }
        if let left { edges.append(GraphEdge(slot: .left, target: left.id)) }
        if let right { edges.append(GraphEdge(slot: .right, target: right.id)) }
        if let implicit { edges.append(GraphEdge(slot: .implicit, target: implicit.id)) }
        return edges
    }

    override func weakTarget(of slot: EdgeSlot) -> Int? {
        slot == .safePeer ? safePeer?.id : super.weakTarget(of: slot)
    }
}
