import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros

extension TracedMacro {
    /// `Traceable` requirements for a struct, from its stored properties; nothing for a struct
    /// with nothing to trace (the extension makes it `ReferenceFree`).
    static func structMembers(_ decl: StructDeclSyntax, in context: some MacroExpansionContext) -> [DeclSyntax] {
        let requirements: Set<String> = ["traceReferences", "clearReferences"]
        if diagnoseExisting(requirements, in: decl.memberBlock.members, typeName: decl.name.text, context: context) {
            return []
        }
        var diagnostics: [Diagnostic] = []
        let values = structValues(decl, diagnostics: &diagnostics)
        diagnostics.forEach { context.diagnose($0) }
        guard !values.isEmpty else { return [] }
        return valueTypeMembers(
            access: accessPrefix(of: decl.modifiers, allowingOpen: false),
            traceBody: values.map(\.traceStatement)
                + ClearabilityCheck.warningFunction(values.flatMap(\.clearabilityStatements)),
            clearBody: values.filter(\.isMutable).map(\.clearStatement)
        )
    }

    /// The values a struct's stored properties hold that need tracing.
    static func structValues(_ decl: StructDeclSyntax, diagnostics: inout [Diagnostic]) -> [TracedValue] {
        let classifier = TypeClassifier(
            genericParameters: decl.genericParameterClause,
            whereClause: decl.genericWhereClause
        )
        return storedValues(
            in: decl.memberBlock.members,
            of: .structDeclaration,
            classifier: classifier,
            diagnostics: &diagnostics
        )
    }

    /// Whether a struct or an enum holds anything to trace; diagnoses nothing (the member
    /// expansion does).
    static func hasTracedValues(_ declaration: some DeclGroupSyntax) -> Bool {
        var ignored: [Diagnostic] = []
        if let structDecl = declaration.as(StructDeclSyntax.self) {
            return !structValues(structDecl, diagnostics: &ignored).isEmpty
        }
        if let enumDecl = declaration.as(EnumDeclSyntax.self) {
            return enumCases(of: enumDecl, diagnostics: &ignored).contains { !$0.tracedValues.isEmpty }
        }
        return false
    }

    /// `traceReferences(_:)`, plus `clearReferences()` when there is something to clear.
    static func valueTypeMembers(access: String, traceBody: [String], clearBody: [String]) -> [DeclSyntax] {
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
