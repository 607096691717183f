import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros

extension TracedMacro {
    /// `Traceable` requirements for a struct, from its stored properties.
    static func structMembers(_ decl: StructDeclSyntax, in context: some MacroExpansionContext) -> [DeclSyntax] {
        let requirements: Set<String> = ["traceReferences", "clearReferences"]
        if diagnoseExisting(requirements, in: decl.memberBlock.members, typeName: decl.name.text, context: context) {
            return []
        }
        let classifier = TypeClassifier(
            genericParameters: decl.genericParameterClause,
            whereClause: decl.genericWhereClause
        )
        let values = storedValues(in: decl.memberBlock.members, classifier: classifier, context: context)
        let access = accessPrefix(of: decl.modifiers, allowingOpen: false)
        return valueTypeMembers(
            access: access,
            traceBody: values.map(\.traceStatement),
            clearBody: values.filter(\.isMutable).map(\.clearStatement)
        )
    }

    /// `Traceable` requirements for an enum, from its cases' payloads: a `switch` that reports
    /// each payload, and one that rebuilds each case with its payloads cleared.
    static func enumMembers(_ decl: EnumDeclSyntax, in context: some MacroExpansionContext) -> [DeclSyntax] {
        let requirements: Set<String> = ["traceReferences", "clearReferences"]
        if diagnoseExisting(requirements, in: decl.memberBlock.members, typeName: decl.name.text, context: context) {
            return []
        }
        let indirectKeyword = decl.modifiers.first { $0.name.tokenKind == .keyword(.indirect) }?.name
        let indirectCase = decl.memberBlock.members.lazy.compactMap { $0.decl.as(EnumCaseDeclSyntax.self) }
            .compactMap { $0.modifiers.first { $0.name.tokenKind == .keyword(.indirect) }?.name }.first
        if let indirect = indirectKeyword ?? indirectCase {
            context.diagnose(
                Diagnostic(node: indirect, message: TracedDiagnostic.indirectEnum(typeName: decl.name.text))
            )
            return []
        }
        let classifier = TypeClassifier(
            genericParameters: decl.genericParameterClause,
            whereClause: decl.genericWhereClause
        )
        var traceCases: [String] = []
        var clearCases: [String] = []
        var hasPlainCases = false
        for member in decl.memberBlock.members {
            diagnoseConditionalStorage(member, context: context)
            guard let caseDecl = member.decl.as(EnumCaseDeclSyntax.self) else { continue }
            for element in caseDecl.elements {
                let parameters = Array(element.parameterClause?.parameters ?? [])
                var payloadValues: [[TracedValue]] = []
                for (index, parameter) in parameters.enumerated() {
                    let shape = classifier.shape(of: parameter.type)
                    if shape == .closure {
                        context.diagnose(
                            Diagnostic(
                                node: parameter,
                                message: TracedDiagnostic.closurePayload(caseName: element.name.text)
                            )
                        )
                    }
                    payloadValues.append(
                        shape == .closure
                            ? []
                            : TracedValue.values(
                                access: "payload\(index)",
                                type: parameter.type,
                                shape: shape,
                                isMutable: true,
                                classifier: classifier
                            )
                    )
                }
                let traced = payloadValues.flatMap { $0 }
                guard !traced.isEmpty else {
                    hasPlainCases = true
                    continue
                }
                let name = element.name.text
                let tracePattern = payloadValues.enumerated().map { index, values in
                    values.isEmpty ? "_" : "let payload\(index)"
                }
                traceCases.append(
                    "case .\(name)(\(tracePattern.joined(separator: ", "))):\n"
                        + indented(traced.map(\.traceStatement))
                )
                let clearPattern = payloadValues.indices.map { index in
                    payloadValues[index].isEmpty ? "let payload\(index)" : "var payload\(index)"
                }
                let rebuilt = parameters.enumerated().map { index, parameter in
                    let label = parameter.firstName.flatMap { $0.tokenKind == .wildcard ? nil : $0.text }
                    return label.map { "\($0): payload\(index)" } ?? "payload\(index)"
                }
                clearCases.append(
                    "case .\(name)(\(clearPattern.joined(separator: ", "))):\n"
                        + indented(
                            traced.map(\.clearStatement) + ["self = .\(name)(\(rebuilt.joined(separator: ", ")))"]
                        )
                )
            }
        }
        let access = accessPrefix(of: decl.modifiers, allowingOpen: false)
        guard !traceCases.isEmpty else {
            return valueTypeMembers(access: access, traceBody: [], clearBody: [])
        }
        if hasPlainCases {
            traceCases.append("default:\n    break")
            clearCases.append("default:\n    break")
        }
        return valueTypeMembers(
            access: access,
            traceBody: ["switch self {"] + traceCases + ["}"],
            clearBody: ["switch self {"] + clearCases + ["}"]
        )
    }

    /// `traceReferences(_:)`, plus `clearReferences()` when there is something to clear, or
    /// `mayContainReferences` (false) when there is nothing to trace.
    private static func valueTypeMembers(access: String, traceBody: [String], clearBody: [String]) -> [DeclSyntax] {
        guard !traceBody.isEmpty else {
            return [
                "\(raw: access)func traceReferences(_ visit: (Reclaim.GCObject) -> Void) {\n}",
                "\(raw: access)static var mayContainReferences: Bool {\n    false\n}",
            ]
        }
        var members: [DeclSyntax] = [
            """
            \(raw: access)func traceReferences(_ visit: (Reclaim.GCObject) -> Void) {
            \(raw: indented(traceBody))
            }
            """
        ]
        if !clearBody.isEmpty {
            members.append(
                """
                \(raw: access)mutating func clearReferences() {
                \(raw: indented(clearBody))
                }
                """
            )
        }
        return members
    }
}
