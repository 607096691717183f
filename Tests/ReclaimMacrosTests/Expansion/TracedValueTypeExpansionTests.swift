import Testing

/// The exact code `@Traced` generates for structs and enums.
@Suite struct TracedValueTypeExpansionTests {
    @Test func aPublicStructTracesEveryPropertyAndClearsItsVars() {
        assertTracedExpansion(
            """
            @Traced
            public struct Pair {
                var first: Node
                let second: Node?
                var count: Int
                weak var hint: Node?
            }
            """,
            expandsTo: """
                public struct Pair {
                    var first: Node
                    let second: Node?
                    var count: Int
                    weak var hint: Node?

                    public func traceReferences(_ visit: (Reclaim.GCObject) -> Void) {
                        Reclaim._TracedSupport.trace(self.first, visit)
                        Reclaim._TracedSupport.trace(self.second, visit)
                        \(ExpectedClearabilityWarning.function(
                            [(.variable, "first", "self.first"), (.structLet, "second", "self.second")],
                            indent: 8
                        ))
                    }

                    public mutating func clearReferences() {
                        Reclaim._TracedSupport.clear(&self.first)
                    }
                }

                extension Pair: Reclaim.Traceable {
                }
                """
        )
    }

    @Test func aStructOrEnumOfPlainDataBecomesReferenceFree() {
        assertTracedExpansion(
            """
            @Traced
            struct Point {
                var x, y: Double
                weak var hint: Node?
                @Untraced var owner: Node?
            }
            @Traced
            enum Direction {
                case north, south
                case angle(Double)
            }
            @Traced
            struct Declared: Traceable {
                var name = ""
            }
            @Traced
            struct AlreadyPlain: ReferenceFree {
                var name = ""
            }
            """,
            expandsTo: """
                struct Point {
                    var x, y: Double
                    weak var hint: Node?
                    var owner: Node?
                }
                enum Direction {
                    case north, south
                    case angle(Double)
                }
                struct Declared: Traceable {
                    var name = ""
                }
                struct AlreadyPlain: ReferenceFree {
                    var name = ""
                }

                extension Point: Reclaim.Traceable, Reclaim.ReferenceFree {
                }

                extension Direction: Reclaim.Traceable, Reclaim.ReferenceFree {
                }

                extension Declared: Reclaim.ReferenceFree {
                }
                """
        )
    }

    @Test func anEnumWithAPayloadlessCaseClearsToTheFirstOne() {
        assertTracedExpansion(
            """
            @Traced
            enum Tree<Leaf> {
                case node(Node)
                case pair(first: Node, second: Node?)
                case leaf(Leaf, weight: Int)
                case number(Int)
                case empty, unknown
            }
            """,
            expandsTo: """
                enum Tree<Leaf> {
                    case node(Node)
                    case pair(first: Node, second: Node?)
                    case leaf(Leaf, weight: Int)
                    case number(Int)
                    case empty, unknown

                    func traceReferences(_ visit: (Reclaim.GCObject) -> Void) {
                        switch self {
                        case .node(let payload0):
                            Reclaim._TracedSupport.trace(payload0, visit)
                        case .pair(let payload0, let payload1):
                            Reclaim._TracedSupport.trace(payload0, visit)
                            Reclaim._TracedSupport.trace(payload1, visit)
                        case .leaf(let payload0, _):
                            Reclaim._TracedSupport.traceDynamic(payload0, visit)
                        default:
                            break
                        }
                    }

                    mutating func clearReferences() {
                        switch self {
                        case .node, .pair, .leaf:
                            self = .empty
                        default:
                            break
                        }
                    }
                }

                extension Tree: Reclaim.Traceable {
                }
                """
        )
    }

    @Test func anEnumWithoutAPayloadlessCaseRebuildsItsCasesAndChecksWhatItCannotClear() {
        assertTracedExpansion(
            """
            @Traced
            enum Route<Leaf> {
                case node(Node)
                case pair(first: Node, second: Node?)
                case two(Node, [Node])
                case leaf(Leaf, weight: Int)
                case number(Int)
                @Uncleared case pinned(Node)
            }
            """,
            expandsTo: """
                enum Route<Leaf> {
                    case node(Node)
                    case pair(first: Node, second: Node?)
                    case two(Node, [Node])
                    case leaf(Leaf, weight: Int)
                    case number(Int)
                    case pinned(Node)

                    func traceReferences(_ visit: (Reclaim.GCObject) -> Void) {
                        switch self {
                        case .node(let payload0):
                            Reclaim._TracedSupport.trace(payload0, visit)
                        case .pair(let payload0, let payload1):
                            Reclaim._TracedSupport.trace(payload0, visit)
                            Reclaim._TracedSupport.trace(payload1, visit)
                        case .two(let payload0, let payload1):
                            Reclaim._TracedSupport.trace(payload0, visit)
                            Reclaim._TracedSupport.trace(payload1, visit)
                        case .leaf(let payload0, _):
                            Reclaim._TracedSupport.traceDynamic(payload0, visit)
                        case .pinned(let payload0):
                            Reclaim._TracedSupport.trace(payload0, visit)
                        default:
                            break
                        }
                        \(ExpectedClearabilityWarning.enumFunction(
                            [
                                (
                                    "case .node(let payload0):",
                                    [(.payload(caseName: "node"), "the payload", "payload0")]
                                ),
                                (
                                    "case .pair(let payload0, _):",
                                    [(.payload(caseName: "pair"), "payload 'first'", "payload0")]
                                ),
                                (
                                    "case .two(let payload0, _):",
                                    [(.payload(caseName: "two"), "payload 1", "payload0")]
                                ),
                            ],
                            otherCases: true,
                            indent: 8
                        ))
                    }

                    mutating func clearReferences() {
                        switch self {
                        case .node(var payload0):
                            Reclaim._TracedSupport.clear(&payload0)
                            self = .node(payload0)
                        case .pair(var payload0, var payload1):
                            Reclaim._TracedSupport.clear(&payload0)
                            Reclaim._TracedSupport.clear(&payload1)
                            self = .pair(first: payload0, second: payload1)
                        case .two(var payload0, var payload1):
                            Reclaim._TracedSupport.clear(&payload0)
                            Reclaim._TracedSupport.clear(&payload1)
                            self = .two(payload0, payload1)
                        case .leaf(var payload0, let payload1):
                            Reclaim._TracedSupport.clearDynamic(&payload0)
                            self = .leaf(payload0, weight: payload1)
                        case .pinned(var payload0):
                            Reclaim._TracedSupport.clear(&payload0)
                            self = .pinned(payload0)
                        default:
                            break
                        }
                    }
                }

                extension Route: Reclaim.Traceable {
                }
                """
        )
    }

    @Test func anIndirectEnumReportsItsBoxedPayloadsThroughTheBox() {
        assertTracedExpansion(
            """
            @Traced
            indirect enum Chain {
                case link(Node, Chain)
                case value(Int)
                case end
            }
            @Traced
            enum Mixed {
                case none
                case leaf(Node?)
                indirect case pair(Mixed, label: Int, Any)
            }
            """,
            expandsTo: """
                indirect enum Chain {
                    case link(Node, Chain)
                    case value(Int)
                    case end

                    func traceReferences(_ visit: (Reclaim.GCObject) -> Void) {
                        switch self {
                        case .link(let payload0, let payload1):
                            Reclaim._TracedSupport.traceIndirectPayload(of: self) {
                                Reclaim._TracedSupport.trace(payload0, visit)
                                Reclaim._TracedSupport.trace(payload1, visit)
                            }
                        default:
                            break
                        }
                    }

                    mutating func clearReferences() {
                        switch self {
                        case .link:
                            self = .end
                        default:
                            break
                        }
                    }
                }
                enum Mixed {
                    case none
                    case leaf(Node?)
                    indirect case pair(Mixed, label: Int, Any)

                    func traceReferences(_ visit: (Reclaim.GCObject) -> Void) {
                        switch self {
                        case .leaf(let payload0):
                            Reclaim._TracedSupport.trace(payload0, visit)
                        case .pair(let payload0, _, let payload2):
                            Reclaim._TracedSupport.traceIndirectPayload(of: self) {
                                Reclaim._TracedSupport.trace(payload0, visit)
                                Reclaim._TracedSupport.traceExistential(Optional(payload2), visit)
                            }
                        default:
                            break
                        }
                    }

                    mutating func clearReferences() {
                        switch self {
                        case .leaf, .pair:
                            self = .none
                        default:
                            break
                        }
                    }
                }

                extension Chain: Reclaim.Traceable {
                }

                extension Mixed: Reclaim.Traceable {
                }
                """
        )
    }

    @Test func anIndirectEnumWithoutAPayloadlessCaseRebuildsItsBoxes() {
        assertTracedExpansion(
            """
            @Traced
            indirect enum Tree {
                case leaf(Node?)
                case node(Tree, Tree)
            }
            """,
            expandsTo: """
                indirect enum Tree {
                    case leaf(Node?)
                    case node(Tree, Tree)

                    func traceReferences(_ visit: (Reclaim.GCObject) -> Void) {
                        switch self {
                        case .leaf(let payload0):
                            Reclaim._TracedSupport.traceIndirectPayload(of: self) {
                                Reclaim._TracedSupport.trace(payload0, visit)
                            }
                        case .node(let payload0, let payload1):
                            Reclaim._TracedSupport.traceIndirectPayload(of: self) {
                                Reclaim._TracedSupport.trace(payload0, visit)
                                Reclaim._TracedSupport.trace(payload1, visit)
                            }
                        }
                        \(ExpectedClearabilityWarning.enumFunction(
                            [
                                ("case .node(let payload0, let payload1):", [
                                    (.payload(caseName: "node"), "payload 1", "payload0"),
                                    (.payload(caseName: "node"), "payload 2", "payload1"),
                                ])
                            ],
                            otherCases: true,
                            indent: 8
                        ))
                    }

                    mutating func clearReferences() {
                        switch self {
                        case .leaf(var payload0):
                            Reclaim._TracedSupport.clear(&payload0)
                            self = .leaf(payload0)
                        case .node(var payload0, var payload1):
                            Reclaim._TracedSupport.clear(&payload0)
                            Reclaim._TracedSupport.clear(&payload1)
                            self = .node(payload0, payload1)
                        }
                    }
                }

                extension Tree: Reclaim.Traceable {
                }
                """
        )
    }

    @Test func aStructThatAlreadyConformsGetsNoSecondConformance() {
        assertTracedExpansion(
            """
            @Traced
            struct Link: Traceable {
                var target: Node?
            }
            """,
            expandsTo: """
                struct Link: Traceable {
                    var target: Node?

                    func traceReferences(_ visit: (Reclaim.GCObject) -> Void) {
                        Reclaim._TracedSupport.trace(self.target, visit)
                    }

                    mutating func clearReferences() {
                        Reclaim._TracedSupport.clear(&self.target)
                    }
                }
                """
        )
    }
}
