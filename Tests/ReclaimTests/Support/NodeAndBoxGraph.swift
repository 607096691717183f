/// The reference graph both oracle models keep: tracked nodes, untracked boxes that hold
/// nodes, and the roots the test holds. The two reachability questions every model asks are
/// answered once, here.
protocol NodeAndBoxGraph {
    var nodeEdges: [Int: [Int]] { get }
    var nodeBoxes: [Int: [Int]] { get }
    var boxTargets: [Int: [Int]] { get }
    var rootNodes: [Int] { get }
    var rootBoxes: [Int] { get }
    var aliveNodes: Set<Int> { get }
    var aliveBoxes: Set<Int> { get }
}

extension NodeAndBoxGraph {
    /// Nodes reachable from the roots through every kind of reference: what a program can
    /// still use, so what the collector must never clear.
    func reachableNodes() -> Set<Int> {
        var nodes = Set<Int>()
        var boxes = Set<Int>()
        var nodeQueue = rootNodes
        var boxQueue = rootBoxes
        while !nodeQueue.isEmpty || !boxQueue.isEmpty {
            if let node = nodeQueue.popLast() {
                guard aliveNodes.contains(node), nodes.insert(node).inserted else { continue }
                nodeQueue += nodeEdges[node, default: []]
                boxQueue += nodeBoxes[node, default: []]
            } else if let box = boxQueue.popLast() {
                guard aliveBoxes.contains(box), boxes.insert(box).inserted else { continue }
                nodeQueue += boxTargets[box, default: []]
            }
        }
        return nodes
    }

    /// What one full collection finds unreachable: live nodes not reachable through
    /// node → node references from a node that a root or a live box references (a box is
    /// untracked, so its references count as outside references, reachable or not).
    func unreachableNodes() -> Set<Int> {
        unreachableNodes(among: aliveNodes)
    }

    /// What a collection of the nodes `candidates` alone finds unreachable (an increment):
    /// candidates not reachable through node → node references from a root, a live box, or
    /// a live node that is not a candidate (every reference from outside the set counts).
    func unreachableNodes(among candidates: Set<Int>) -> Set<Int> {
        var queue = rootNodes
        for box in aliveBoxes { queue += boxTargets[box, default: []] }
        queue += aliveNodes.subtracting(candidates)
        var kept = Set<Int>()
        while let node = queue.popLast() {
            guard aliveNodes.contains(node), kept.insert(node).inserted else { continue }
            queue += nodeEdges[node, default: []]
        }
        return candidates.intersection(aliveNodes).subtracting(kept)
    }
}
