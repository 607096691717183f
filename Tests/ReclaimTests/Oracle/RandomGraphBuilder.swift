import Reclaim
import ReclaimTestSupport

/// Builds a random object graph and its `ReachabilityModel` side by side.
///
/// Components are random digraphs, doubly linked lists, trees with parent links, cliques,
/// self loops and rings, joined by random cross edges; some references are held by untracked
/// boxes (owned by nodes or by the test), and a random subset of nodes is held as roots.
struct RandomGraphBuilder {
    enum Shape: CaseIterable {
        case randomDigraph, doublyLinkedList, treeWithParents, clique, selfLoops, ring
    }

    struct Graph {
        var roots: [GraphNode]
        var rootBoxes: [UntrackedBox]
        var model: ReachabilityModel
        var nodeCount: Int
    }

    /// Builds the graph; only the roots survive the return, so ARC has already freed every
    /// acyclic part that nothing references.
    static func build(rng: inout SplitMix64, heap: Heap, record: LifeRecord) -> Graph {
        var model = ReachabilityModel()
        var nodes: [GraphNode] = []
        func link(_ from: Int, _ to: Int) {
            nodes[from].edges.append(nodes[to])
            model.nodeEdges[from, default: []].append(to)
        }
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let first = nodes.count
            let size = Int.random(in: 1...12, using: &rng)
            for id in first..<(first + size) {
                nodes.append(GraphNode(id: id, record: record, heap: heap))
                model.addNode(id)
            }
            let members = Array(first..<(first + size))
            switch Shape.allCases.randomElement(using: &rng) ?? .ring {
            case .randomDigraph:
                for node in members {
                    for _ in 0..<Int.random(in: 0...3, using: &rng) {
                        link(node, members.randomElement(using: &rng) ?? node)
                    }
                }
            case .doublyLinkedList:
                for (left, right) in zip(members, members.dropFirst()) {
                    link(left, right)
                    link(right, left)
                }
            case .treeWithParents:
                for child in members.dropFirst() {
                    let parent = Int.random(in: first..<child, using: &rng)
                    link(parent, child)
                    link(child, parent)
                }
            case .clique:
                for from in members.prefix(6) {
                    for to in members.prefix(6) where to != from { link(from, to) }
                }
            case .selfLoops:
                for node in members {
                    link(node, node)
                    if Bool.random(using: &rng) { link(node, members.randomElement(using: &rng) ?? node) }
                }
            case .ring:
                for (position, node) in members.enumerated() {
                    link(node, members[(position + 1) % members.count])
                }
            }
        }
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            link(Int.random(in: 0..<nodes.count, using: &rng), Int.random(in: 0..<nodes.count, using: &rng))
        }
        var rootBoxes: [UntrackedBox] = []
        for boxID in 0..<Int.random(in: 0...3, using: &rng) {
            let box = UntrackedBox(id: boxID)
            model.addBox(boxID)
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                let target = Int.random(in: 0..<nodes.count, using: &rng)
                box.targets.append(nodes[target])
                model.boxTargets[boxID, default: []].append(target)
            }
            if Bool.random(using: &rng) {
                let owner = Int.random(in: 0..<nodes.count, using: &rng)
                nodes[owner].boxes.append(box)
                model.nodeBoxes[owner, default: []].append(boxID)
            } else {
                rootBoxes.append(box)
                model.rootBoxes.append(boxID)
            }
        }
        var roots: [GraphNode] = []
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            let root = Int.random(in: 0..<nodes.count, using: &rng)
            roots.append(nodes[root])
            model.rootNodes.append(root)
        }
        model.applyReferenceCounting()
        return Graph(roots: roots, rootBoxes: rootBoxes, model: model, nodeCount: nodes.count)
    }
}
