import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxBuilder
import SwiftSyntaxMacros

/// `@Traced`: generates `traverse(_:)` and `clear()` for a `GCObject` subclass, or a
/// `Traceable` conformance for a struct or an enum, from its stored properties or payloads.
///
/// The macro sees syntax only. Plain data it recognizes is skipped; every other property
/// becomes a call to `Reclaim._TracedSupport.trace`, whose overloads pick the implementation
/// for the property's real type, or fail to compile with a message that says how to fix it.
/// Values `clear()` may not drop (non-optional `var`s, a struct's `let`s, payloads of an enum
/// without a payload-less case) get a compile-time check the same way (see
/// `ClearabilityCheck`): a warning that names them when their real type can hold references.
public struct TracedMacro: MemberMacro, ExtensionMacro {
    /// Generates `traverse(_:)` and `clear()` for a class, or the `Traceable` requirements for
    /// a struct or an enum; diagnoses any other declaration.
    public static func expansion(
        of node: AttributeSyntax,
        providingMembersOf declaration: some DeclGroupSyntax,
        conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        if let classDecl = declaration.as(ClassDeclSyntax.self) {
            return classMembers(classDecl, in: context)
        }
        if let structDecl = declaration.as(StructDeclSyntax.self) {
            return structMembers(structDecl, in: context)
        }
        if let enumDecl = declaration.as(EnumDeclSyntax.self) {
            return enumMembers(enumDecl, in: context)
        }
        let kind: String
        switch declaration.kind {
        case .actorDecl: kind = "an actor"
        case .protocolDecl: kind = "a protocol"
        case .extensionDecl: kind = "an extension"
        default: kind = "this declaration"
        }
        context.diagnose(Diagnostic(node: node, message: TracedDiagnostic.unsupportedDeclaration(kind: kind)))
        return []
    }

    /// Adds the `Traceable` conformance to structs and enums that hold something to trace,
    /// and the `ReferenceFree` conformance to those that hold nothing (plain data: a struct's
    /// `let` of the type then needs no warning, and collections of it are skipped whole).
    /// Classes inherit `Traceable` from `GCObject`.
    public static func expansion(
        of node: AttributeSyntax,
        attachedTo declaration: some DeclGroupSyntax,
        providingExtensionsOf type: some TypeSyntaxProtocol,
        conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [ExtensionDeclSyntax] {
        guard declaration.is(StructDeclSyntax.self) || declaration.is(EnumDeclSyntax.self) else { return [] }
        func named(_ name: String) -> (String) -> Bool {
            { $0 == name || $0.hasSuffix(".\(name)") }
        }
        let declared = declaration.inheritanceClause?.inheritedTypes.map { $0.type.trimmedDescription } ?? []
        let missing = protocols.map(\.trimmedDescription)
        if declared.contains(where: named("ReferenceFree")) {
            return []
        }
        if hasTracedValues(declaration) {
            guard !declared.contains(where: named("Traceable")), missing.contains(where: named("Traceable")) else {
                return []
            }
            return [try ExtensionDeclSyntax("extension \(type.trimmed): Reclaim.Traceable {}")]
        }
        // `Traceable` is named too, although `ReferenceFree` implies it: the compiler does not
        // see a conformance implied by one a macro adds (Swift 6.3).
        let conformances = ["Traceable", "ReferenceFree"].filter { name in
            missing.contains(where: named(name)) && !declared.contains(where: named(name))
        }
        guard !conformances.isEmpty else { return [] }
        return [
            try ExtensionDeclSyntax(
                "extension \(type.trimmed): \(raw: conformances.map { "Reclaim.\($0)" }.joined(separator: ", ")) {}"
            )
        ]
    }

    /// The access modifier generated members need to satisfy or override a public requirement:
    /// that of the type itself, at most `public` (`open` for overrides in an open class).
    static func accessPrefix(of modifiers: DeclModifierListSyntax, allowingOpen: Bool) -> String {
        for modifier in modifiers {
            switch modifier.name.tokenKind {
            case .keyword(.open): return allowingOpen ? "open " : "public "
            case .keyword(.public): return "public "
            case .keyword(.package): return "package "
            default: continue
            }
        }
        return ""
    }

    /// Reports a member the user wrote that the macro would generate too.
    static func diagnoseExisting(
        _ names: Set<String>,
        in members: MemberBlockItemListSyntax,
        typeName: String,
        context: some MacroExpansionContext
    ) -> Bool {
        var found = false
        for member in members {
            if let function = member.decl.as(FunctionDeclSyntax.self), names.contains(function.name.text) {
                let signature =
                    function.name.text + (function.signature.parameterClause.parameters.isEmpty ? "()" : "(_:)")
                context.diagnose(
                    Diagnostic(
                        node: function.name,
                        message: TracedDiagnostic.alreadyImplemented(typeName: typeName, member: signature)
                    )
                )
                found = true
            }
        }
        return found
    }
}
