import Testing

/// The errors that come from the generated code's overloads, seen by compiling client code
/// with the real compiler.
@Suite struct OverloadDiagnosticTests {
    @Test func aPropertyOfAnUnknownTypeIsACompileErrorThatSaysHowToFixIt() throws {
        let result = try TypeChecker.typeCheck(
            """
            import ReclaimMacros

            struct Point { var x = 0.0 }

            @Traced final class Marker: GCObject {
                var position = Point()
            }
            """
        )
        #expect(!result.succeeded)
        #expect(
            result.diagnostics.contains(
                """
                error: 'trace' is unavailable: @Traced cannot see into this property's type: conform the type \
                to Traceable (with @Traced, or ReferenceFree if it never holds a GCObject), or mark the \
                property @Untraced; for a closure, store a Callback
                """
            ),
            "\(result.diagnostics)"
        )
    }

    @Test func eachSuggestedFixCompiles() throws {
        let result = try TypeChecker.typeCheck(
            """
            import Foundation
            import ReclaimMacros

            struct Point: ReferenceFree { var x = 0.0 }
            @Traced struct Link { var target: Marker? }
            struct Opaque { var x = 0 }

            @Traced final class Marker: GCObject {
                var position = Point()
                var link = Link()
                @Untraced var opaque = Opaque()
                var onTap: Callback<Int, Void>?
                var created = Date()
            }
            """
        )
        #expect(result.succeeded, "\(result.diagnostics)")
    }

    @Test func aClosureOfAnyArityFoundOnlyByTypeInferenceIsACompileError() throws {
        let result = try TypeChecker.typeCheck(
            """
            import ReclaimMacros

            func makeHandler() -> (Int, String) -> Bool { { _, _ in true } }

            @Traced final class Screen: GCObject {
                var handler = makeHandler()
            }
            """
        )
        #expect(!result.succeeded)
        #expect(
            result.diagnostics.contains("error: 'trace' is unavailable: @Traced cannot see into this property's type"),
            "\(result.diagnostics)"
        )
        #expect(result.diagnostics.contains("for a closure, store a Callback"))
    }
}
