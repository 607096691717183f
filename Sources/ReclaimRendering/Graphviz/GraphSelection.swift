import Reclaim
import ReclaimInspection

/// The objects and references a graph export draws: a breadth-first walk from the start
/// objects, held by address so that the walk does not change any retain count.
struct GraphSelection {
    /// A drawn object.
    struct Node {
        var address: UnsafeMutableRawPointer
        var depth: Int
        /// How many distinct neighbours were left out by the `tooMany` cap.
        var omittedNeighbours = 0
    }

    /// A drawn reference, from the referring node to the referred one.
    struct Edge: Hashable {
        var source: Int
        var target: Int
    }

    private(set) var nodes: [Node] = []
    private(set) var edges: [Edge] = []
    private var nodeByAddress: [UnsafeMutableRawPointer: Int] = [:]

    /// Walks from `starts` in `direction`, expanding nodes shallower than `maxDepth` and at
    /// most `tooMany` distinct neighbours of each.
    ///
    /// - Complexity: O(*n* + *e*) over the heap for ``GraphDirection/referrers`` (one
    ///   graph); O(*v* + *e*) in the drawn objects and their references otherwise.
    init(
        starts: [UnsafeMutableRawPointer],
        direction: GraphDirection,
        maxDepth: Int,
        tooMany: Int,
        heap: Heap
    ) {
        let graph = direction == .referrers ? ReferenceGraph(tracking: heap, adding: starts) : nil
        for start in starts where nodeByAddress[start] == nil {
            nodeByAddress[start] = nodes.count
            nodes.append(Node(address: start, depth: 0))
        }
        var head = 0
        var drawn: Set<Edge> = []
        while head < nodes.count {
            let node = head
            head += 1
            guard nodes[node].depth < maxDepth else { continue }
            var neighbours: [UnsafeMutableRawPointer] = []
            var seen: Set<UnsafeMutableRawPointer> = []
            for neighbour in Self.neighbours(of: nodes[node].address, graph: graph)
            where seen.insert(neighbour).inserted {
                neighbours.append(neighbour)
            }
            if neighbours.count > tooMany {
                nodes[node].omittedNeighbours = neighbours.count - tooMany
                neighbours.removeLast(neighbours.count - tooMany)
            }
            for neighbour in neighbours {
                let other: Int
                if let existing = nodeByAddress[neighbour] {
                    other = existing
                } else {
                    other = nodes.count
                    nodeByAddress[neighbour] = other
                    nodes.append(Node(address: neighbour, depth: nodes[node].depth + 1))
                }
                let edge =
                    direction == .referents ? Edge(source: node, target: other) : Edge(source: other, target: node)
                if drawn.insert(edge).inserted { edges.append(edge) }
            }
        }
    }

    /// The objects `address` refers to (with a graph of the heap: the tracked objects referring
    /// to it), in order, once per reported reference.
    private static func neighbours(
        of address: UnsafeMutableRawPointer,
        graph: ReferenceGraph?
    ) -> [UnsafeMutableRawPointer] {
        if let graph {
            guard let node = graph.node(of: UnsafeRawPointer(address)) else { return [] }
            return graph.referrers(of: node).map { UnsafeMutableRawPointer(mutating: graph.objects[$0]) }
        }
        var found: [UnsafeMutableRawPointer] = []
        Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { object in
            object.traverse { found.append(Unmanaged.passUnretained($0).toOpaque()) }
        }
        return found
    }
}
