extension GraphDescription {
    /// The grammar, as shown in errors and in `reclaim explain --help`.
    static let syntaxSummary = """
          node NAME [: TYPE]         an object; TYPE is the type shown (default Node)
          NAME -> NAME               a strong reference
          NAME ~> NAME               a weak reference (a WeakRef with a callback)
          outside -> NAME            a variable outside the graph holds NAME (a root)
          outside ~> NAME            a weak reference held outside the graph
          finalizer NAME             NAME has a finalizer
          finalizer NAME resurrects  its finalizer stores NAME in a global list
          # ...                      a comment, to the end of the line
        A NAME is made of letters, digits and _, and does not start with a digit.
        """

    /// Parses the text of a graph file.
    ///
    /// - Throws: ``GraphDescriptionError`` naming the first bad line, or the file when it
    ///   declares no node or too many.
    init(parsing text: String, source: String) throws(GraphDescriptionError) {
        self.init(source: source)
        var indexByName: [String: Int] = [:]
        var finalizerLines: [Int: Int] = [:]
        var nodeLines: [String: Int] = [:]
        var lineNumber = 0
        // `\r\n` is one Character, a newline like `\n`: Windows line endings count lines right.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let line = rawLine.prefix { $0 != "#" }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = words.first else { continue }
            func fail(_ message: String) -> GraphDescriptionError {
                GraphDescriptionError(source: source, line: lineNumber, message: message)
            }
            func node(named name: String) throws(GraphDescriptionError) -> Int {
                if let index = indexByName[name] { return index }
                if name == "outside" {
                    throw fail(
                        "'outside' stands for the program outside the graph; it can hold references but not be referenced"
                    )
                }
                let known = nodes.isEmpty ? "none yet" : nodes.map(\.name).joined(separator: ", ")
                throw fail("unknown node '\(name)'; declare it first with `node \(name)` (declared: \(known))")
            }
            switch first {
            case "node":
                let declaration = Self.splitDeclaration(words.dropFirst().joined(separator: " "))
                guard let name = declaration.name, Self.isValidName(name) else {
                    throw fail("expected `node NAME` or `node NAME: TYPE` with NAME made of letters, digits and _")
                }
                guard !Self.reservedNames.contains(name) else {
                    throw fail("'\(name)' is a keyword of the file format; pick another name")
                }
                guard indexByName[name] == nil else {
                    throw fail("node '\(name)' is declared twice (first on line \(nodeLines[name] ?? 0))")
                }
                let typeName = declaration.typeName ?? "Node"
                guard Self.isValidTypeName(typeName) else {
                    throw fail("type '\(typeName)' is not a type name (letters, digits, _ and .)")
                }
                guard nodes.count < Self.maximumNodeCount else {
                    throw fail("more than \(Self.maximumNodeCount) nodes; the page stays readable up to that")
                }
                indexByName[name] = nodes.count
                nodeLines[name] = lineNumber
                nodes.append(Node(name: name, typeName: typeName))
            case "finalizer":
                guard words.count == 2 || (words.count == 3 && words[2] == "resurrects") else {
                    throw fail("expected `finalizer NAME` or `finalizer NAME resurrects`")
                }
                let index = try node(named: words[1])
                if let earlier = finalizerLines[index] {
                    throw fail("'\(words[1])' already has a finalizer (line \(earlier))")
                }
                finalizerLines[index] = lineNumber
                nodes[index].finalizer = words.count == 3 ? .resurrects : .runs
            default:
                guard words.count == 3, words[1] == "->" || words[1] == "~>" else {
                    throw fail(
                        "cannot read '\(line.trimmingSpaces)'; expected one of:\n\(Self.syntaxSummary)"
                    )
                }
                let holder: Holder = words[0] == "outside" ? .outside : .node(try node(named: words[0]))
                let target = try node(named: words[2])
                references.append(Reference(holder: holder, target: target, isWeak: words[1] == "~>", line: lineNumber))
            }
        }
        guard !nodes.isEmpty else {
            throw GraphDescriptionError(
                source: source,
                line: nil,
                message: "no nodes; declare at least one with `node NAME` (see `reclaim explain --help`)"
            )
        }
    }

    /// Words of the format that cannot name a node.
    static let reservedNames: Set<String> = ["outside", "node", "finalizer", "resurrects"]

    private static func splitDeclaration(_ text: String) -> (name: String?, typeName: String?) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts.first.map { String($0).trimmingSpaces }
        let typeName = parts.count == 2 ? String(parts[1]).trimmingSpaces : nil
        return (name?.isEmpty == false ? name : nil, typeName)
    }

    private static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    private static func isValidTypeName(_ name: String) -> Bool {
        !name.isEmpty
            && name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isValidName(String($0)) }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
