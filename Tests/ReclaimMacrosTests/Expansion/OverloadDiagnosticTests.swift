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
                error: 'traceStored' is unavailable: @Traced cannot see into this property's type: conform the type \
                to Traceable (with @Traced, or ReferenceFree if it never holds a GCObject), or mark the \
                property @Untraced; for a closure, declare its function type (an optional or a collection of \
                closures) so that @Traced traces what it captures
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
            result.diagnostics.contains(
                "error: 'traceStored' is unavailable: @Traced cannot see into this property's type"
            ),
            "\(result.diagnostics)"
        )
        #expect(result.diagnostics.contains("for a closure, declare its function type"))
    }

    @Test func anEnumPayloadOfAnUnknownTypeIsACompileErrorToo() throws {
        let result = try TypeChecker.typeCheck(
            """
            import ReclaimMacros

            struct Point { var x = 0.0 }

            @Traced enum Mark {
                case none
                case at(Point)
            }
            """,
            generatingSIL: true
        )
        #expect(!result.succeeded)
        #expect(
            result.diagnostics.contains("error: 'trace' is unavailable: @Traced cannot see into this property's type"),
            "\(result.diagnostics)"
        )
    }

    @Test func aPlainTracedStructIsReferenceFreeAndAGCObjectNeverIs() throws {
        let result = try TypeChecker.typeCheck(
            """
            import ReclaimMacros

            @Traced struct Size {
                var width = 0.0
            }

            @Traced final class Node: GCObject {
                var next: Node?
            }

            func plain<Value: ReferenceFree>(_ value: Value) {}

            func use() {
                plain(Size())
                plain([Size()])
                plain(Node())
            }
            """,
            generatingSIL: true
        )
        #expect(!result.succeeded)
        let errors = result.diagnostics.split(separator: "\n").filter { $0.hasPrefix("/") && $0.contains("error:") }
        #expect(errors.count == 1, "\(result.diagnostics)")
        #expect(
            result.diagnostics.contains(
                "error: conformance of 'GCObject' to 'ReferenceFree' is unavailable: "
                    + "a GCObject is a reference, not plain data"
            ),
            "\(result.diagnostics)"
        )
    }
}
