import Reclaim
import ReclaimInspection

extension GraphvizExport {
    static let startAttributes = "color=\"#1f4e9c\", penwidth=3"
    static let unreachableAttributes = "fillcolor=\"#ff9999\""

    /// The DOT text of `selection`.
    func render(
        _ selection: GraphSelection,
        refcounts: [Int],
        unreachable: Set<UnsafeMutableRawPointer>
    ) -> String {
        var names = TypeNameCache(style: .short)
        var lines = [
            "digraph ObjectGraph {",
            "    node [shape=box, style=\"rounded,filled\", fillcolor=\"white\", fontname=\"Helvetica\"];",
            "    edge [fontname=\"Helvetica\", fontsize=10];",
        ]
        for (index, node) in selection.nodes.enumerated() {
            var label: [String] = []
            var attributes: [String] = []
            Unmanaged<GCObject>.fromOpaque(node.address)._withUnsafeGuaranteedRef { object in
                label.append(names.name(of: object))
                if showsRefcounts { label.append("refcount \(refcounts[index])") }
                if let extra = extraLabel?(object) { label.append(extra) }
            }
            attributes.append("label=\"\(label.map(\.dotEscaped).joined(separator: "\\n"))\"")
            if node.depth == 0 { attributes.append(Self.startAttributes) }
            if unreachable.contains(node.address) { attributes.append(Self.unreachableAttributes) }
            lines.append("    o\(index + 1) [\(attributes.joined(separator: ", "))];")
        }
        var pathsBySource: [Int: [ObjectIdentifier: [String]]] = [:]
        for edge in selection.edges {
            if pathsBySource[edge.source] == nil {
                pathsBySource[edge.source] =
                    Unmanaged<GCObject>.fromOpaque(selection.nodes[edge.source].address)
                    ._withUnsafeGuaranteedRef { ReferenceNames.strongReferencePaths(of: $0) } ?? [:]
            }
            let target = Unmanaged<GCObject>.fromOpaque(selection.nodes[edge.target].address)
                ._withUnsafeGuaranteedRef { ObjectIdentifier($0) }
            let paths = pathsBySource[edge.source]?[target] ?? []
            let label = paths.isEmpty ? "" : " [label=\"\(paths.joined(separator: " | ").dotEscaped)\"]"
            lines.append("    o\(edge.source + 1) -> o\(edge.target + 1)\(label);")
        }
        let neighbourKind = direction == .referents ? "referents" : "referrers"
        for (index, node) in selection.nodes.enumerated() where node.omittedNeighbours > 0 {
            let note = "o\(index + 1)_more"
            lines.append(
                "    \(note) [label=\"\(node.omittedNeighbours) more \(neighbourKind)\", shape=plaintext, style=\"\"];"
            )
            lines.append(
                direction == .referents
                    ? "    o\(index + 1) -> \(note) [style=dashed];" : "    \(note) -> o\(index + 1) [style=dashed];"
            )
        }
        lines += [
            "    subgraph cluster_legend {",
            "        label=\"Legend\";",
            "        legend_start [label=\"start object\", \(Self.startAttributes)];",
        ]
        if highlightsUnreachable {
            lines.append(
                "        legend_unreachable [label=\"unreachable: a full collection would free it\", "
                    + "\(Self.unreachableAttributes)];"
            )
        }
        lines += ["    }", "}", ""]
        return lines.joined(separator: "\n")
    }
}
