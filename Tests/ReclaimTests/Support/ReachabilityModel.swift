/// An independent model of a test object graph: what ARC frees, what the collector must keep
/// and what it must break. It shares no code with the collector; it works on ids only.
///
/// Vertices are tracked nodes and untracked boxes. Edges: node → node (reported by
/// `traverse`), node → box (ownership, invisible to the collector), box → node (an outside
/// reference as far as the collector can tell). Roots are references held by the test itself.
struct ReachabilityModel: NodeAndBoxGraph {
    var nodeEdges: [Int: [Int]] = [:]
    var nodeBoxes: [Int: [Int]] = [:]
    var boxTargets: [Int: [Int]] = [:]
    var rootNodes: [Int] = []
    var rootBoxes: [Int] = []

    var aliveNodes: Set<Int> = []
    var aliveBoxes: Set<Int> = []

    /// Nodes the real collector cleared but has not freed yet (garbage whose freeing a time
    /// budget deferred): they reference nothing, and the collector holds them as a root would.
    var heldByCollector: Set<Int> = []

    mutating func addNode(_ id: Int) {
        nodeEdges[id] = []
        nodeBoxes[id] = []
        aliveNodes.insert(id)
    }

    mutating func addBox(_ id: Int) {
        boxTargets[id] = []
        aliveBoxes.insert(id)
    }

    /// Frees, as ARC does, every vertex that no live vertex and no root references.
    mutating func applyReferenceCounting() {
        var nodeCounts = [Int: Int]()
        var boxCounts = [Int: Int]()
        for node in rootNodes { nodeCounts[node, default: 0] += 1 }
        for node in heldByCollector { nodeCounts[node, default: 0] += 1 }
        for box in rootBoxes { boxCounts[box, default: 0] += 1 }
        for node in aliveNodes {
            for target in nodeEdges[node, default: []] { nodeCounts[target, default: 0] += 1 }
            for box in nodeBoxes[node, default: []] { boxCounts[box, default: 0] += 1 }
        }
        for box in aliveBoxes {
            for target in boxTargets[box, default: []] { nodeCounts[target, default: 0] += 1 }
        }
        var deadNodes = aliveNodes.filter { nodeCounts[$0, default: 0] == 0 }
        var deadBoxes = aliveBoxes.filter { boxCounts[$0, default: 0] == 0 }
        while !deadNodes.isEmpty || !deadBoxes.isEmpty {
            if let node = deadNodes.popFirst() {
                guard aliveNodes.remove(node) != nil else { continue }
                for target in nodeEdges[node, default: []] {
                    nodeCounts[target, default: 0] -= 1
                    if nodeCounts[target] == 0, aliveNodes.contains(target) { deadNodes.insert(target) }
                }
                for box in nodeBoxes[node, default: []] {
                    boxCounts[box, default: 0] -= 1
                    if boxCounts[box] == 0, aliveBoxes.contains(box) { deadBoxes.insert(box) }
                }
            } else if let box = deadBoxes.popFirst() {
                guard aliveBoxes.remove(box) != nil else { continue }
                for target in boxTargets[box, default: []] {
                    nodeCounts[target, default: 0] -= 1
                    if nodeCounts[target] == 0, aliveNodes.contains(target) { deadNodes.insert(target) }
                }
            }
        }
    }

    /// Applies a full collection: the garbage is cleared (drops all its references), freed,
    /// and ARC frees whatever that leaves unreferenced. Returns the garbage.
    @discardableResult
    mutating func applyCollection() -> Set<Int> {
        applyCollection(among: aliveNodes)
    }

    /// Applies a collection of the nodes `candidates` alone (an increment) as
    /// `applyCollection()` applies a full one. Returns the garbage.
    @discardableResult
    mutating func applyCollection(among candidates: Set<Int>) -> Set<Int> {
        let garbage = unreachableNodes(among: candidates)
        for node in garbage {
            nodeEdges[node] = []
            nodeBoxes[node] = []
        }
        applyReferenceCounting()
        return garbage
    }

    /// Applies what the real program's collections did meanwhile: a node they cleared
    /// references nothing any more, one they freed is gone, and one cleared but not freed yet
    /// is held by the collector.
    mutating func applyClearedAndFreed(cleared: Set<Int>, freed: Set<Int>) {
        for node in cleared where aliveNodes.contains(node) {
            nodeEdges[node] = []
            nodeBoxes[node] = []
        }
        heldByCollector = cleared.subtracting(freed).intersection(aliveNodes)
        forgetFreedNodes(freed)
    }

    /// Removes nodes the real program freed (through automatic collections) from the model.
    mutating func forgetFreedNodes(_ freed: Set<Int>) {
        for node in freed where aliveNodes.contains(node) {
            nodeEdges[node] = []
            nodeBoxes[node] = []
            aliveNodes.remove(node)
        }
        applyReferenceCounting()
    }
}
