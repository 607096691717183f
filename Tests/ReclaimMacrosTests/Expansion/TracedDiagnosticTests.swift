import SwiftSyntaxMacrosGenericTestSupport
import Testing

/// Every error `@Traced` reports itself, with its position and fix-it.
@Suite struct TracedDiagnosticTests {
    @Test func aClassWithoutSuperclassIsToldToInheritFromGCObject() {
        assertTracedExpansion(
            """
            @Traced
            final class Orphan {
                var next: Orphan?
            }
            """,
            expandsTo: """
                final class Orphan {
                    var next: Orphan?
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: "@Traced class 'Orphan' must inherit from GCObject (or from a subclass of it)",
                    line: 2,
                    column: 13,
                    fixIts: [FixItSpec(message: "inherit from GCObject")]
                )
            ],
            fixedSource: """
                @Traced
                final class Orphan: GCObject {
                    var next: Orphan?
                }
                """
        )
    }

    @Test func storedClosuresAreTracedThroughTheirCapturesAndMustBeClearable() {
        assertTracedExpansion(
            """
            @Traced
            final class Button: GCObject {
                var onTap: (() -> Void)?
                var handlers: [(Int) -> Void] = []
                var onHold = { print("held") }
                let onRelease: () -> Void = {}
                @Uncleared var onFocus: () -> Void = {}
                @Untraced var log: (String) -> Void = { print($0) }
                var next: Button?
            }
            """,
            expandsTo: """
                final class Button: GCObject {
                    var onTap: (() -> Void)?
                    var handlers: [(Int) -> Void] = []
                    var onHold = { print("held") }
                    let onRelease: () -> Void = {}
                    var onFocus: () -> Void = {}
                    var log: (String) -> Void = { print($0) }
                    var next: Button?

                    override func traverse(_ visit: (Reclaim.GCObject) -> Void) {
                        Reclaim._TracedSupport.traceClosures(in: self, property: "onTap", declaredIn: Button.self, visit)
                        Reclaim._TracedSupport.traceClosures(in: self, property: "handlers", declaredIn: Button.self, visit)
                        Reclaim._TracedSupport.traceClosures(in: self, property: "onFocus", declaredIn: Button.self, visit)
                        Reclaim._TracedSupport.traceStored(self.next, visit)
                    }

                    override func clear() {
                        Reclaim._TracedSupport.clearClosures(&self.onTap)
                        Reclaim._TracedSupport.clearClosures(&self.handlers)
                        Reclaim._TracedSupport.clearClosures(&self.onFocus)
                        Reclaim._TracedSupport.clear(&self.next)
                    }
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: """
                        stored closure 'onHold' is traced through its captures, but clear() cannot drop it, so a \
                        cycle through it could never be broken: declare it as an optional 'var' (or a collection of \
                        closures), mark it @Uncleared to trace it anyway, or @Untraced if it captures no GCObject \
                        strongly
                        """,
                    line: 5,
                    column: 9
                ),
                DiagnosticSpec(
                    message: """
                        stored closure 'onRelease' is traced through its captures, but clear() cannot drop it, so a \
                        cycle through it could never be broken: declare it as an optional 'var' (or a collection of \
                        closures), mark it @Uncleared to trace it anyway, or @Untraced if it captures no GCObject \
                        strongly
                        """,
                    line: 6,
                    column: 9
                ),
            ]
        )
    }

    @Test func aLazyPropertyThatMayHoldAReferenceIsAnError() {
        assertTracedExpansion(
            """
            @Traced
            final class Cache: GCObject {
                lazy var index = Index()
                lazy var count = 0
            }
            """,
            expandsTo: """
                final class Cache: GCObject {
                    lazy var index = Index()
                    lazy var count = 0
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: """
                        @Traced cannot reach the storage of lazy property 'index' (reading it in traverse would \
                        create its value): make it a stored optional that you fill on first use, or mark it \
                        @Untraced if it never holds a GCObject
                        """,
                    line: 3,
                    column: 14
                )
            ]
        )
    }

    @Test func aHandWrittenTraverseConflictsWithTheGeneratedOne() {
        assertTracedExpansion(
            """
            @Traced
            final class Twice: GCObject {
                var next: Twice?
                override func traverse(_ visit: (GCObject) -> Void) {}
            }
            """,
            expandsTo: """
                final class Twice: GCObject {
                    var next: Twice?
                    override func traverse(_ visit: (GCObject) -> Void) {}
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: """
                        'Twice' already implements traverse(_:); @Traced generates it: remove yours, or remove \
                        @Traced and write traverse(_:) and clear() by hand
                        """,
                    line: 4,
                    column: 19
                )
            ]
        )
    }

    @Test func destructuringAndEnumClosurePayloadsAreErrors() {
        assertTracedExpansion(
            """
            @Traced
            struct Split {
                var (left, right) = (Node(), Node())
            }
            @Traced
            enum Action {
                case run(() -> Void)
            }
            """,
            expandsTo: """
                struct Split {
                    var (left, right) = (Node(), Node())
                }
                enum Action {
                    case run(() -> Void)
                }

                extension Split: Reclaim.Traceable, Reclaim.ReferenceFree {
                }

                extension Action: Reclaim.Traceable, Reclaim.ReferenceFree {
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "@Traced needs one name per stored property: declare each destructured property separately",
                    line: 3,
                    column: 9
                ),
                DiagnosticSpec(
                    message: """
                        case 'run' carries a closure that clear() cannot drop (the enum has no case without \
                        payload, and the closure is not optional), so a cycle through it could never be broken: \
                        add a case without payload, make the payload optional, or mark the case @Uncleared
                        """,
                    line: 7,
                    column: 14
                ),
            ]
        )
    }

    @Test func enumClosurePayloadsAreTracedThroughTheWholeValue() {
        assertTracedExpansion(
            """
            @Traced
            enum Step {
                case idle
                case run(() -> Void, Node)
                case wait(Node)
            }
            """,
            expandsTo: """
                enum Step {
                    case idle
                    case run(() -> Void, Node)
                    case wait(Node)

                    func traceReferences(_ visit: (Reclaim.GCObject) -> Void) {
                        switch self {
                        case .run(_, _):
                            Reclaim._TracedSupport.traceClosures(self, visit)
                        case .wait(let payload0):
                            Reclaim._TracedSupport.trace(payload0, visit)
                        default:
                            break
                        }
                    }

                    mutating func clearReferences() {
                        switch self {
                        case .run, .wait:
                            self = .idle
                        default:
                            break
                        }
                    }
                }

                extension Step: Reclaim.Traceable {
                }
                """
        )
    }

    @Test func propertiesAndCasesInsideIfConfigAreErrors() {
        assertTracedExpansion(
            """
            @Traced
            final class Platform: GCObject {
                #if os(Linux)
                var next: Platform?
                #endif
            }
            @Traced
            enum List {
                case end
                #if DEBUG
                indirect case cons(Node, List)
                #endif
            }
            """,
            expandsTo: """
                final class Platform: GCObject {
                    #if os(Linux)
                    var next: Platform?
                    #endif
                }
                enum List {
                    case end
                    #if DEBUG
                    indirect case cons(Node, List)
                    #endif
                }

                extension List: Reclaim.Traceable, Reclaim.ReferenceFree {
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message: """
                        @Traced cannot see stored properties or cases inside #if: move them out of the #if \
                        block, or write traverse(_:) and clear() by hand
                        """,
                    line: 3,
                    column: 5
                ),
                DiagnosticSpec(
                    message: """
                        @Traced cannot see stored properties or cases inside #if: move them out of the #if \
                        block, or write traverse(_:) and clear() by hand
                        """,
                    line: 10,
                    column: 5
                ),
            ]
        )
    }

    @Test(arguments: [("actor", "an actor"), ("protocol", "a protocol"), ("extension", "an extension")])
    func otherDeclarationsAreRejected(keyword: String, kind: String) {
        assertTracedExpansion(
            """
            @Traced
            \(keyword) Thing {
            }
            """,
            expandsTo: """
                \(keyword) Thing {
                }
                """,
            diagnostics: [
                DiagnosticSpec(
                    message:
                        "@Traced applies to a class that inherits from GCObject, a struct or an enum, not to \(kind)",
                    line: 1,
                    column: 1
                )
            ]
        )
    }
}
