import SwiftSyntax

/// One case of a `@Traced` enum, with the payloads the generated code reports.
struct TracedEnumCase {
    /// The case's name, as written (backticks included).
    var name: String
    /// The case's payload parameters; empty for a case without payload.
    var parameters: [EnumCaseParameterSyntax]
    /// Whether the case is declared without a parameter clause (`case none`), so that
    /// `clearReferences()` can switch to it.
    var isPayloadless: Bool
    /// Whether the payload lives in a box (the case or its enum is `indirect`).
    var isIndirect: Bool
    /// The values to report, per parameter (empty for plain data).
    var payloadValues: [[TracedValue]]
    /// Whether the case carries a closure: then the whole value is read from runtime metadata
    /// (`traceClosures(self, visit)`), which reports every payload of the case stored.
    var tracesWholeValue = false

    /// Every value to report, in order.
    var tracedValues: [TracedValue] { payloadValues.flatMap { $0 } }

    /// `case .name(let payload0, _):`, binding the parameters that `needed` selects.
    func pattern(binding needed: (Int) -> Bool, as specifier: (Int) -> String = { _ in "let" }) -> String {
        let bindings = parameters.indices.map { index in
            needed(index) ? "\(specifier(index)) payload\(index)" : "_"
        }
        return "case .\(name)(\(bindings.joined(separator: ", "))):"
    }

    /// The statements that report the payloads, once bound by `pattern`: an indirect case's
    /// go through `traceIndirectPayload`, which counts the box copies of the enum share.
    var traceStatements: [String] {
        if tracesWholeValue { return ["Reclaim._TracedSupport.traceClosures(self, visit)"] }
        let statements = tracedValues.map(\.traceStatement)
        guard isIndirect else { return statements }
        return ["Reclaim._TracedSupport.traceIndirectPayload(of: self) {"]
            + statements.map { "    " + $0 } + ["}"]
    }

    /// The statements that rebuild the case with its payloads cleared, once bound by
    /// `pattern` (traced payloads as `var`).
    var rebuildStatements: [String] {
        let arguments = parameters.enumerated().map { index, parameter in
            let label = parameter.firstName.flatMap { $0.tokenKind == .wildcard ? nil : $0.text }
            return label.map { "\($0): payload\(index)" } ?? "payload\(index)"
        }
        return tracedValues.map(\.clearStatement) + ["self = .\(name)(\(arguments.joined(separator: ", ")))"]
    }

    /// How a warning names parameter `index`: `the payload` (the only one, unlabeled),
    /// `payload 'first'` (labeled) or `payload 2` (by position, from 1).
    func payloadName(_ index: Int) -> String {
        if let label = parameters[index].firstName, label.tokenKind != .wildcard {
            return "payload '\(label.text.trimmingBackticks)'"
        }
        return parameters.count == 1 ? "the payload" : "payload \(index + 1)"
    }
}
