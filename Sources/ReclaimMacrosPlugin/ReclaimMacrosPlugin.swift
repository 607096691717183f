import SwiftCompilerPlugin
import SwiftSyntaxMacros

/// The compiler plugin that provides `@Traced` and `@Untraced` to the `ReclaimMacros` module.
@main
struct ReclaimMacrosPlugin: CompilerPlugin {
    let providingMacros: [any Macro.Type] = [TracedMacro.self, UntracedMacro.self]
}
