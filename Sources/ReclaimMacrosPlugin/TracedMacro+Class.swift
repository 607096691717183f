import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros

extension TracedMacro {
    /// `traverse(_:)` and `clear()` overrides for a `GCObject` subclass. A class whose stored
    /// properties hold nothing to trace gets neither: it inherits its superclass's, and when
    /// that is `GCObject`'s its instances are not tracked at all. The compile-time checks of
    /// references `clear()` cannot drop go at the end of `traverse(_:)`, in a local function
    /// that is never called.
    static func classMembers(_ decl: ClassDeclSyntax, in context: some MacroExpansionContext) -> [DeclSyntax] {
        guard let superclass = decl.inheritanceClause?.inheritedTypes.first?.type else {
            context.diagnose(
                Diagnostic(
                    node: decl.name,
                    message: TracedDiagnostic.missingSuperclass(typeName: decl.name.text),
                    fixIt: FixIt(
                        message: TracedDiagnostic.addGCObjectFixIt,
                        changes: [
                            .replace(
                                oldNode: Syntax(decl.name),
                                newNode: Syntax(
                                    TokenSyntax.identifier(
                                        "\(decl.name.text): GCObject",
                                        trailingTrivia: decl.name.trailingTrivia
                                    )
                                )
                            )
                        ]
                    )
                )
            )
            return []
        }
        if diagnoseExisting(
            ["traverse", "clear"],
            in: decl.memberBlock.members,
            typeName: decl.name.text,
            context: context
        ) {
            return []
        }
        let classifier = TypeClassifier(
            genericParameters: decl.genericParameterClause,
            whereClause: decl.genericWhereClause
        )
        var diagnostics: [Diagnostic] = []
        let values = storedValues(
            in: decl.memberBlock.members,
            of: .of(decl),
            classifier: classifier,
            diagnostics: &diagnostics
        )
        diagnostics.forEach { context.diagnose($0) }
        guard !values.isEmpty else { return [] }

        let superclassName = superclass.trimmedDescription
        let inheritsFromGCObject = superclassName == "GCObject" || superclassName == "Reclaim.GCObject"
        let access = accessPrefix(of: decl.modifiers, allowingOpen: true)
        var traverseBody = values.map(\.traceStatement)
        var clearBody = values.filter(\.isMutable).map(\.clearStatement)
        if !inheritsFromGCObject {
            traverseBody.insert("super.traverse(visit)", at: 0)
            clearBody.insert("super.clear()", at: 0)
        }
        traverseBody += ClearabilityCheck.warningFunction(values.flatMap(\.clearabilityStatements))
        var members: [DeclSyntax] = [
            """
            \(raw: access)override func traverse(_ visit: (Reclaim.GCObject) -> Void) {
            \(raw: indented(traverseBody))
            }
            """
        ]
        if !clearBody.isEmpty {
            members.append(
                """
                \(raw: access)override func clear() {
                \(raw: indented(clearBody))
                }
                """
            )
        }
        return members
    }

    static func indented(_ statements: [String]) -> String {
        statements
            .flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
            .map { "    " + $0 }
            .joined(separator: "\n")
    }
}
