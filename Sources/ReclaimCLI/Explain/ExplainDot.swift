import ReclaimInspection

/// The Graphviz DOT text of one phase of a recording, for `reclaim explain --dot` and
/// `--svg`: nodes colored by their state in that phase, weak references dashed.
struct ExplainDot {
    let recording: CollectionRecording

    private static let colors: [String: (fill: String, line: String)] = [
        "alive": ("#eef3ff", "#5b7bd5"), "candidate": ("#eef3ff", "#5b7bd5"), "root": ("#dff3e6", "#17803d"),
        "reachable": ("#ecf8f0", "#2f9e55"), "unreachable": ("#fde7e7", "#d32f2f"),
        "finalized": ("#fff1dc", "#d97800"), "resurrected": ("#e3f6f3", "#0f8f7a"),
        "freed": ("#f1f2f4", "#a7adb9"), "freed-early": ("#f1f2f4", "#a7adb9"),
        "uncollectable": ("#fde7e7", "#7b1fa2"),
    ]

    /// The DOT text of phase `phaseIndex`.
    func dot(phase phaseIndex: Int) -> String {
        let phase = recording.phases[phaseIndex]
        var lines = [
            "digraph reclaim_explain {",
            "  label=\(quoted("\(recording.source): \(phase.title)"));",
            "  labelloc=t; rankdir=LR;",
            "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];",
            "  edge [color=\"#6b7385\"];",
            "  outside [label=\"outside the graph\\nvariables, globals\", style=\"rounded,dashed\"];",
        ]
        for (index, node) in recording.nodes.enumerated() {
            let state = phase.nodes[index]
            var label = "\(node.name): \(node.typeName)"
            var counts: [String] = []
            if let refcount = state.refcount { counts.append("refcount \(refcount)") }
            if let working = state.working { counts.append("working \(working)") }
            if !counts.isEmpty { label += "\n" + counts.joined(separator: " · ") }
            label += "\n" + (state.note ?? state.status)
            let color = Self.colors[state.status] ?? ("#ffffff", "#000000")
            let width = ["unreachable", "root", "finalized", "resurrected"].contains(state.status) ? 2.5 : 1.2
            lines.append(
                "  n\(index) [label=\(quoted(label)), fillcolor=\"\(color.fill)\", color=\"\(color.line)\", penwidth=\(width)];"
            )
        }
        for (index, edge) in recording.edges.enumerated() {
            let source = edge.source < 0 ? "outside" : "n\(edge.source)"
            var attributes: [String] = []
            if edge.isWeak { attributes.append("style=dashed") }
            switch phase.edges[index] {
            case "counted": attributes.append("color=\"#e08a00\", penwidth=2")
            case "cleared": attributes.append("color=\"#c0c5d0\", style=dotted")
            case "dropped": attributes.append("color=\"#e3e5ea\"")
            default: break
            }
            let suffix = attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]"
            lines.append("  \(source) -> n\(edge.target)\(suffix);")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.dotEscaped + "\""
    }
}
