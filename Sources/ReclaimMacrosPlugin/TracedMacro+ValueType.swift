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

    /// `traceReferences(_:)`, plus `clearReferences()` when there is something to clear, or
    /// `mayContainReferences` (false) when there is nothing to trace.
    static func valueTypeMembers(access: String, traceBody: [String], clearBody: [String]) -> [DeclSyntax] {
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
