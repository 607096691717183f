import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros

extension TracedMacro {
    /// `Traceable` requirements for an enum, from its cases' payloads: a `switch` that reports
    /// each payload (through the box of an `indirect` case), and one that clears. When the enum
    /// has a case without payload, clearing switches every case that carries traced payloads to
    /// the first such case (which drops every reference, even a non-optional one); otherwise it
    /// rebuilds each case with its payloads cleared.
    static func enumMembers(_ decl: EnumDeclSyntax, in context: some MacroExpansionContext) -> [DeclSyntax] {
        let requirements: Set<String> = ["traceReferences", "clearReferences"]
        if diagnoseExisting(requirements, in: decl.memberBlock.members, typeName: decl.name.text, context: context) {
            return []
        }
        var diagnostics: [Diagnostic] = []
        let cases = enumCases(of: decl, diagnostics: &diagnostics)
        diagnostics.forEach { context.diagnose($0) }
        let tracedCases = cases.filter { !$0.tracedValues.isEmpty }
        // Nothing to trace: the extension makes the enum ReferenceFree.
        guard !tracedCases.isEmpty else { return [] }
        let hasOtherCases = tracedCases.count < cases.count
        let otherwise = hasOtherCases ? ["default:", "    break"] : []

        var traceBody = ["switch self {"]
        for tracedCase in tracedCases {
            traceBody.append(
                tracedCase.pattern { !tracedCase.tracesWholeValue && !tracedCase.payloadValues[$0].isEmpty }
            )
            traceBody += tracedCase.traceStatements.map { "    " + $0 }
        }
        traceBody += otherwise + ["}"]

        var clearBody = ["switch self {"]
        if let payloadless = cases.first(where: \.isPayloadless) {
            clearBody.append("case \(tracedCases.map { ".\($0.name)" }.joined(separator: ", ")):")
            clearBody.append("    self = .\(payloadless.name)")
        } else {
            for tracedCase in tracedCases {
                clearBody.append(
                    tracedCase.pattern(binding: { _ in true }) { tracedCase.payloadValues[$0].isEmpty ? "let" : "var" }
                )
                clearBody += tracedCase.rebuildStatements.map { "    " + $0 }
            }
        }
        clearBody += otherwise + ["}"]

        traceBody += ClearabilityCheck.warningFunction(clearabilityChecks(of: cases))
        return valueTypeMembers(
            access: accessPrefix(of: decl.modifiers, allowingOpen: false),
            traceBody: traceBody,
            clearBody: clearBody
        )
    }

    /// The cases of `decl`, with their payloads classified. Diagnoses closure payloads and
    /// cases inside `#if` (into `diagnostics`). Payloads that a rebuild cannot clear get a
    /// compile-time check, unless the enum has a case without payload (clearing switches to
    /// it) or the case is marked `@Uncleared`.
    static func enumCases(of decl: EnumDeclSyntax, diagnostics: inout [Diagnostic]) -> [TracedEnumCase] {
        let classifier = TypeClassifier(
            genericParameters: decl.genericParameterClause,
            whereClause: decl.genericWhereClause
        )
        let enumIsIndirect = decl.modifiers.contains { $0.name.tokenKind == .keyword(.indirect) }
        var caseDecls: [EnumCaseDeclSyntax] = []
        for member in decl.memberBlock.members {
            diagnoseConditionalStorage(member, diagnostics: &diagnostics)
            if let caseDecl = member.decl.as(EnumCaseDeclSyntax.self) { caseDecls.append(caseDecl) }
        }
        let hasPayloadlessCase = caseDecls.contains { $0.elements.contains { $0.parameterClause == nil } }
        var cases: [TracedEnumCase] = []
        for caseDecl in caseDecls {
            let caseIsIndirect = caseDecl.modifiers.contains { $0.name.tokenKind == .keyword(.indirect) }
            let isUncleared = hasAttribute(in: caseDecl.attributes, named: "Uncleared")
            for element in caseDecl.elements {
                var tracedCase = TracedEnumCase(
                    name: element.name.text,
                    parameters: Array(element.parameterClause?.parameters ?? []),
                    isPayloadless: element.parameterClause == nil,
                    isIndirect: (enumIsIndirect || caseIsIndirect) && element.parameterClause != nil,
                    payloadValues: []
                )
                for (index, parameter) in tracedCase.parameters.enumerated() {
                    let shape = classifier.shape(of: parameter.type)
                    if shape == .closure {
                        // Traced through the captures: the whole value is read from runtime
                        // metadata (a closure bound out of the payload would be re-wrapped).
                        // Clearing must drop it: switch to a case without payload, or clear
                        // an optional or a collection of closures.
                        if !hasPayloadlessCase && !isUncleared && !TypeClassifier.isAlwaysClearable(parameter.type) {
                            diagnostics.append(
                                Diagnostic(
                                    node: parameter,
                                    message: TracedDiagnostic.closurePayload(caseName: element.name.text)
                                )
                            )
                            tracedCase.payloadValues.append([])
                            continue
                        }
                        tracedCase.tracesWholeValue = true
                        tracedCase.payloadValues.append(
                            [TracedValue(access: "payload\(index)", isMutable: true, shape: .closure)]
                        )
                        continue
                    }
                    let check: ClearabilityCheck.Kind? =
                        hasPayloadlessCase || isUncleared
                        ? nil : .payload(caseName: element.name.text.trimmingBackticks)
                    tracedCase.payloadValues.append(
                        TracedValue.values(
                            access: "payload\(index)",
                            name: tracedCase.payloadName(index),
                            type: parameter.type,
                            shape: shape,
                            isMutable: true,
                            check: check,
                            classifier: classifier
                        )
                    )
                }
                cases.append(tracedCase)
            }
        }
        return cases
    }

    /// A `switch` that binds the payloads with a compile-time check and runs the checks, or
    /// nothing when no payload has one.
    private static func clearabilityChecks(of cases: [TracedEnumCase]) -> [String] {
        let checkedCases = cases.filter { $0.tracedValues.contains { $0.clearabilityCheck != nil } }
        guard !checkedCases.isEmpty else { return [] }
        var body = ["switch self {"]
        for checkedCase in checkedCases {
            body.append(
                checkedCase.pattern { index in
                    checkedCase.payloadValues[index].contains { $0.clearabilityCheck != nil }
                }
            )
            body += checkedCase.tracedValues.flatMap(\.clearabilityStatements).map { "    " + $0 }
        }
        if checkedCases.count < cases.count {
            body += ["default:", "    break"]
        }
        return body + ["}"]
    }
}
