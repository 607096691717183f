import SwiftSyntax
import SwiftSyntaxMacros

/// `@Uncleared`: a marker that `@Traced` reads on stored properties and enum cases, to leave
/// out the warning about references `clear()` cannot drop. It expands to nothing.
public struct UnclearedMacro: PeerMacro {
    /// Returns no declarations.
    public static func expansion(
        of node: AttributeSyntax,
        providingPeersOf declaration: some DeclSyntaxProtocol,
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        []
    }
}
