import ReclaimMacrosPlugin
import SwiftSyntaxMacroExpansion
import SwiftSyntaxMacrosGenericTestSupport
import Testing

/// Expands `@Traced`, `@Untraced` and `@Uncleared` in `source` and checks the result, the diagnostics and,
/// when given, the source after applying every fix-it; mismatches are recorded as issues at
/// the caller's line.
func assertTracedExpansion(
    _ source: String,
    expandsTo expanded: String,
    diagnostics: [DiagnosticSpec] = [],
    fixedSource: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    assertMacroExpansion(
        source,
        expandedSource: expanded,
        diagnostics: diagnostics,
        macroSpecs: [
            "Traced": MacroSpec(type: TracedMacro.self, conformances: ["Traceable", "ReferenceFree"]),
            "Untraced": MacroSpec(type: UntracedMacro.self),
            "Uncleared": MacroSpec(type: UnclearedMacro.self),
        ],
        fixedSource: fixedSource,
        failureHandler: { failure in
            Issue.record(Comment(rawValue: failure.message), sourceLocation: sourceLocation)
        }
    )
}
