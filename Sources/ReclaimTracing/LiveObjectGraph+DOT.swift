import ReclaimInspection

extension LiveObjectGraph {
    /// Which way `dot(of:direction:maxDepth:)` follows references.
    public enum Direction: Sendable {
        /// What the objects refer to (objgraph's `show_refs`).
        case references
        /// What refers to the objects (objgraph's `show_backrefs`).
        case referrers
    }

    /// The captured objects around `objects` as a Graphviz DOT digraph: nodes labelled with
    /// their type (`Downloader`, `closure context`), edges with the property, element or
    /// capture holding the reference, the starting objects filled, objects nothing outside
    /// holds (kept alive only by references drawn here or cycles) outlined in red. Render it
    /// with `GraphvizRenderer` (`ReclaimRendering`).
    ///
    /// - Complexity: O(*n* + *e*) for the referrer index, plus the drawn part.
    public func dot(of objects: [AnyObject], direction: Direction = .references, maxDepth: Int = 3) -> String {
        var referrers: [[Int]] = []
        if direction == .referrers {
            referrers = Array(repeating: [], count: count)
            for node in 0..<count {
                for edge in firstEdge[node]..<firstEdge[node + 1] { referrers[edgeTargets[edge]].append(edge) }
            }
        }
        let starts = objects.compactMap(node(of:))
        var depth: [Int: Int] = [:]
        var queue: [Int] = []
        for start in starts where depth[start] == nil {
            depth[start] = 0
            queue.append(start)
        }
        var drawnEdges: [(source: Int, target: Int, label: String)] = []
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            guard let level = depth[node], level < maxDepth else { continue }
            let edges: [Int] =
                direction == .references ? Array(firstEdge[node]..<firstEdge[node + 1]) : referrers[node]
            for edge in edges {
                let other = direction == .references ? edgeTargets[edge] : source(ofEdge: edge)
                let (source, target) = direction == .references ? (node, other) : (other, node)
                drawnEdges.append((source, target, edgeLabels[edge]))
                if depth[other] == nil {
                    depth[other] = level + 1
                    queue.append(other)
                }
            }
        }
        var lines = ["digraph objects {", "    node [shape=box, fontname=\"Helvetica\"];"]
        let startSet = Set(starts)
        for node in queue {
            var attributes = ["label=\"\(names[node].dotEscaped)\""]
            if startSet.contains(node) { attributes.append("style=filled, fillcolor=\"#dbe9ff\"") }
            if externalCounts[node] == 0 { attributes.append("color=red") }
            lines.append("    n\(node) [\(attributes.joined(separator: ", "))];")
        }
        for edge in drawnEdges {
            lines.append("    n\(edge.source) -> n\(edge.target) [label=\"\(edge.label.dotEscaped)\"];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The node an edge leaves (edges are stored grouped by their source).
    private func source(ofEdge edge: Int) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if firstEdge[middle + 1] <= edge { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
