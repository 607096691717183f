/// The code `@Traced` generates to warn, at compile time, about a value `clear()` cannot drop,
/// written out independently of the plugin for the expansion tests (which
/// `TracedClassExpansionTests.aNonOptionalVarGetsACompileTimeCheckUnlessUncleared` spells out
/// in full once).
enum ExpectedClearabilityWarning {
    enum Kind {
        case variable
        /// A struct's `let` (a class's `let`s get no check).
        case structLet
        case payload(caseName: String)
    }

    /// The deprecation message naming `name`.
    static func message(_ kind: Kind, _ name: String) -> String {
        let consequence =
            "so a cycle made only of such references is never collected (its objects end up in heap.garbage)"
        let uncleared = "@Uncleared if each cycle through it also runs through a reference clear() drops"
        switch kind {
        case .variable:
            return "clear() cannot drop '\(name)' (a non-optional reference), \(consequence): make it optional, "
                + "mark it \(uncleared), or @Untraced if it is never part of a cycle"
        case .structLet:
            return "clear() cannot drop '\(name)' (a let), \(consequence): make it an optional var, mark it "
                + "\(uncleared), or @Untraced if it is never part of a cycle"
        case .payload(let caseName):
            return "clear() cannot drop \(name) of case '\(caseName)' (a non-optional reference, in an enum "
                + "without a payload-less case to switch to), \(consequence): give the enum a payload-less case, "
                + "make the payload optional, or mark the case \(uncleared)"
        }
    }

    /// One check, as the lines of a `do` block indented by `indent` spaces.
    static func check(_ kind: Kind, _ name: String, access: String, indent: Int) -> [String] {
        let classifier =
            switch kind {
            case .variable, .payload: "inVar"
            case .structLet: "inLet"
            }
        let lines = [
            "do {",
            "    @available(*, deprecated, message: \"\(message(kind, name))\")",
            "    func unclearableReference(_: Reclaim._TracedSupport.KeepsReferences) {",
            "    }",
            "    func unclearableReference(_: Reclaim._TracedSupport.KeepsNothing) {",
            "    }",
            "    unclearableReference(Reclaim._TracedSupport.referencesKept(\(classifier): \(access)))",
            "}",
        ]
        return lines.map { String(repeating: " ", count: indent) + $0 }
    }

    /// The never-called function holding `body` (already indented for its inside), for
    /// interpolation at the start of a line indented by `indent` spaces: every line after the
    /// first carries its indentation.
    static func function(_ body: [String], indent: Int) -> String {
        let margin = String(repeating: " ", count: indent)
        let lines =
            ["// Compile-time warnings only: never called.", margin + "func warnAboutUnclearableReferences() {"]
            + body + [margin + "}"]
        return lines.joined(separator: "\n")
    }

    /// The never-called function with one check per `(kind, name, access)`, for interpolation at
    /// the start of a line indented by `indent` spaces.
    static func function(_ checks: [(Kind, String, String)], indent: Int) -> String {
        function(checks.flatMap { check($0.0, $0.1, access: $0.2, indent: indent + 4) }, indent: indent)
    }

    /// The never-called function of an enum: a `switch` with one case per `(pattern, checks)`
    /// and a `default` when `otherCases`, for interpolation at the start of a line indented by
    /// `indent` spaces.
    static func enumFunction(
        _ cases: [(pattern: String, checks: [(Kind, String, String)])],
        otherCases: Bool,
        indent: Int
    ) -> String {
        let margin = String(repeating: " ", count: indent + 4)
        var body = [margin + "switch self {"]
        for (pattern, checks) in cases {
            body.append(margin + pattern)
            body += checks.flatMap { check($0.0, $0.1, access: $0.2, indent: indent + 8) }
        }
        if otherCases { body += [margin + "default:", margin + "    break"] }
        return function(body + [margin + "}"], indent: indent)
    }
}
