extension String {
    /// The string as the inside of a DOT double-quoted string: backslashes and quotes
    /// escaped, line breaks as `\n` (a centred line in a label). Shared by every Graphviz
    /// export (`GraphvizExport`, `LiveObjectGraph.dot`, `reclaim explain`).
    package var dotEscaped: String {
        var escaped = ""
        escaped.reserveCapacity(utf8.count)
        for character in self {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n", "\r\n", "\r": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
