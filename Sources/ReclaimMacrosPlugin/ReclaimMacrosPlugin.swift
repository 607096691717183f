import SwiftCompilerPlugin
import SwiftSyntaxMacros

/// The compiler plugin that provides `@Traced`, `@Untraced` and `@Uncleared` to the
/// `ReclaimMacros` module.
@main
struct ReclaimMacrosPlugin: CompilerPlugin {
    let providingMacros: [any Macro.Type] = [TracedMacro.self, UntracedMacro.self, UnclearedMacro.self]
}
