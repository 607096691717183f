import Testing

/// The compile-time warnings about references `clear()` cannot drop, seen by compiling client
/// code with the real compiler: where they appear, their text, and where they must not.
@Suite struct ClearabilityWarningTests {
    /// The first line of each warning the compiler printed (each is also repeated under the
    /// line of the expansion it points at).
    private func warnings(in diagnostics: String) -> [String] {
        diagnostics.split(separator: "\n").filter { line in
            line.contains("warning:") && !line.hasPrefix(" ") && !line.hasPrefix("|")
        }.map { line in
            let text = line[line.range(of: "warning: ")!.upperBound...]
            return String(text.replacingOccurrences(of: " [#DeprecatedDeclaration]", with: ""))
        }
    }

    private func deprecation(_ kind: ExpectedClearabilityWarning.Kind, _ name: String) -> String {
        "'unclearableReference' is deprecated: " + ExpectedClearabilityWarning.message(kind, name)
    }

    @Test func eachReferenceClearCannotDropIsAWarningThatNamesIt() throws {
        let result = try TypeChecker.typeCheck(
            """
            import ReclaimMacros

            @Traced struct Edge {
                var target: Node?
            }

            @Traced enum Route {
                case to(Node)
                case between(first: Node, second: Node?)
                case fanOut([Node])
            }

            @Traced final class Node: GCObject {
                var anchor: Node
                var inferred = Leaf()
                var pair: (Node, label: Node?)
                var route = Route.fanOut([])

                init(anchor: Node) {
                    self.anchor = anchor
                    pair = (anchor, nil)
                    super.init()
                }
            }

            final class Leaf: GCObject {}

            @Traced struct Pinned<Object: GCObject> {
                let object: Object
            }

            @Traced struct Fixed {
                let node: Node
                let nodes: [Node]
                var next: Node?
            }
            """,
            generatingSIL: true
        )
        #expect(result.succeeded, "\(result.diagnostics)")
        let expected = [
            deprecation(.payload(caseName: "to"), "the payload"),
            deprecation(.payload(caseName: "between"), "payload 'first'"),
            deprecation(.variable, "anchor"),
            deprecation(.variable, "inferred"),
            deprecation(.variable, "pair.0"),
            deprecation(.structLet, "object"),
            deprecation(.structLet, "node"),
            deprecation(.structLet, "nodes"),
        ]
        #expect(Set(warnings(in: result.diagnostics)) == Set(expected), "\(result.diagnostics)")
        #expect(warnings(in: result.diagnostics).count == expected.count, "\(result.diagnostics)")
    }

    /// A class's `let` can only refer to objects that existed before its holder, so no cycle
    /// is made only of `let`s: every cycle through one also runs through a `var` or an enum
    /// payload, which has its own check.
    @Test func aClassLetGetsNoWarningWhateverItHolds() throws {
        let result = try TypeChecker.typeCheck(
            """
            import ReclaimMacros

            @Traced struct Edge {
                var target: Node?
            }

            @Traced final class Node: GCObject {
                let owner: Node
                let optionalOwner: Node?
                let children: [Node]
                let edge: Edge
                let callback: Callback<Int, Int>?
                var next: Node?

                init(owner: Node) {
                    self.owner = owner
                    optionalOwner = owner
                    children = [owner]
                    edge = Edge(target: owner)
                    callback = nil
                    super.init()
                }
            }

            @Traced final class Pinned<Object: GCObject>: GCObject {
                let object: Object

                init(object: Object) {
                    self.object = object
                    super.init()
                }
            }
            """,
            generatingSIL: true
        )
        #expect(result.succeeded, "\(result.diagnostics)")
        #expect(warnings(in: result.diagnostics).isEmpty, "\(result.diagnostics)")
    }

    @Test func plainDataAndReferencesClearDropsGetNoWarning() throws {
        let result = try TypeChecker.typeCheck(
            """
            import Foundation
            import ReclaimMacros

            struct Point: ReferenceFree { var x = 0.0 }

            @Traced struct Size {
                var width = 0.0, height = 0.0
            }

            @Traced enum Direction {
                case north, south
                case angle(Double)
            }

            @Traced enum Link {
                case none
                case to(Node)
                case pair(Node, Node)
            }

            @Traced struct Edge {
                var target: Node?
            }

            final class Journal: ReferenceFree {}

            final class SharedHolder: Traceable {
                var node: Node?
                func traceReferences(_ visit: (GCObject) -> Void) {}
            }

            @Traced final class Node: GCObject {
                let id = UUID()
                let created: Date
                let point: Point
                let points: [Point?]
                let name = "x"
                let size: Size
                let sizes: [String: [Size]]
                let direction: Direction
                let journal: Journal
                let shared: SharedHolder
                let any: Any
                @Uncleared let owner: Node
                @Uncleared let edge: Edge
                var next: Node?
                var children: [Node] = []
                var table: [String: Node] = [:]
                var edgeVar = Edge()
                var link = Link.none
                var onTap: Callback<Int, Int>?
                var implicit: Node!
                @Uncleared var anchor: Node

                init(owner: Node) {
                    created = Date()
                    point = Point()
                    points = []
                    size = Size()
                    sizes = [:]
                    direction = .north
                    journal = Journal()
                    shared = SharedHolder()
                    any = 0
                    self.owner = owner
                    edge = Edge()
                    anchor = owner
                    super.init()
                }
            }

            @Traced final class Holder<Value>: GCObject {
                let value: Value
                var values: [Value]

                init(value: Value) {
                    self.value = value
                    values = []
                    super.init()
                }
            }

            @Traced enum Route {
                case direct(Node?)
                case many([Node])
                @Uncleared case pinned(Node)
            }
            """,
            generatingSIL: true
        )
        #expect(result.succeeded, "\(result.diagnostics)")
        #expect(warnings(in: result.diagnostics).isEmpty, "\(result.diagnostics)")
    }
}
