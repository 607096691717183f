import SwiftSyntax
import SwiftSyntaxMacros

/// `@Untraced`: a marker that `@Traced` reads on stored properties. It expands to nothing.
public struct UntracedMacro: PeerMacro {
    /// Returns no declarations.
    public static func expansion(
        of node: AttributeSyntax,
        providingPeersOf declaration: some DeclSyntaxProtocol,
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        []
    }
}
