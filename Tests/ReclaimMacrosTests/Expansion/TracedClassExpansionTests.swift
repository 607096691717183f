import Testing

/// The exact code `@Traced` generates for classes.
@Suite struct TracedClassExpansionTests {
    @Test func everyKindOfStoredPropertyOfAPublicClass() {
        assertTracedExpansion(
            """
            @Traced
            public final class Node: GCObject {
                var parent: Node?
                let id: Int
                var name = ""
                var children: [Node] = []
                var table: [String: [Node?]] = [:]
                weak var cache: Node?
                unowned let owner: Node
                @Untraced var other: Node?
                var pair: (Node, label: Node?)
                var count: Int { children.count }
                var watched: Node? {
                    didSet { print("changed") }
                }
                static var shared: Node?
                let root: Node
                var a, b: Node?
            }
            """,
            expandsTo: """
                public final class Node: GCObject {
                    var parent: Node?
                    let id: Int
                    var name = ""
                    var children: [Node] = []
                    var table: [String: [Node?]] = [:]
                    weak var cache: Node?
                    unowned let owner: Node
                    var other: Node?
                    var pair: (Node, label: Node?)
                    var count: Int { children.count }
                    var watched: Node? {
                        didSet { print("changed") }
                    }
                    static var shared: Node?
                    let root: Node
                    var a, b: Node?

                    public override func traverse(_ visit: (Reclaim.GCObject) -> Void) {
                        Reclaim._TracedSupport.traceStored(self.parent, visit)
                        Reclaim._TracedSupport.trace(&self.children, visit)
                        Reclaim._TracedSupport.trace(&self.table, visit)
                        Reclaim._TracedSupport.traceStored(self.pair.0, visit)
                        Reclaim._TracedSupport.traceStored(self.pair.label, visit)
                        Reclaim._TracedSupport.trace(self.watched, visit)
                        Reclaim._TracedSupport.trace(self.root, visit)
                        Reclaim._TracedSupport.traceStored(self.a, visit)
                        Reclaim._TracedSupport.traceStored(self.b, visit)
                        \(ExpectedClearabilityWarning.function([(.variable, "pair.0", "self.pair.0")], indent: 8))
                    }

                    public override func clear() {
                        Reclaim._TracedSupport.clear(&self.parent)
                        Reclaim._TracedSupport.clear(&self.children)
                        Reclaim._TracedSupport.clear(&self.table)
                        Reclaim._TracedSupport.clear(&self.pair.0)
                        Reclaim._TracedSupport.clear(&self.pair.label)
                        Reclaim._TracedSupport.clear(&self.watched)
                        Reclaim._TracedSupport.clear(&self.a)
                        Reclaim._TracedSupport.clear(&self.b)
                    }
                }
                """
        )
    }

    @Test func aSubclassCallsItsSuperclassFirstGenericsAreResolvedAtRunTimeAndExistentialsKeepTheirBox() {
        assertTracedExpansion(
            """
            @Traced
            open class Box<Value, Element: Traceable>: Container {
                var value: Value
                var element: Element
                var values: [Value]
                var shape: any Shape
            }
            """,
            expandsTo: """
                open class Box<Value, Element: Traceable>: Container {
                    var value: Value
                    var element: Element
                    var values: [Value]
                    var shape: any Shape

                    open override func traverse(_ visit: (Reclaim.GCObject) -> Void) {
                        super.traverse(visit)
                        Reclaim._TracedSupport.traceDynamic(self.value, visit)
                        Reclaim._TracedSupport.trace(self.element, visit)
                        Reclaim._TracedSupport.traceDynamic(self.values, visit)
                        Reclaim._TracedSupport.traceExistential(Optional(self.shape), visit)
                        \(ExpectedClearabilityWarning.function([(.variable, "element", "self.element")], indent: 8))
                    }

                    open override func clear() {
                        super.clear()
                        Reclaim._TracedSupport.clearDynamic(&self.value)
                        Reclaim._TracedSupport.clear(&self.element)
                        Reclaim._TracedSupport.clearDynamic(&self.values)
                        Reclaim._TracedSupport.clearDynamic(&self.shape)
                    }
                }
                """
        )
    }

    @Test func aClassOfPlainDataGetsNothingSoItIsNotTracked() {
        assertTracedExpansion(
            """
            @Traced
            final class Counter: GCObject {
                var count = 0
                var total: Double = 0
                var names: [String] = []
                var stamps: [String: Double] = [:]
                lazy var formatted: String = ""
                weak var owner: Counter?
                deinit { print("gone") }
            }
            """,
            expandsTo: """
                final class Counter: GCObject {
                    var count = 0
                    var total: Double = 0
                    var names: [String] = []
                    var stamps: [String: Double] = [:]
                    lazy var formatted: String = ""
                    weak var owner: Counter?
                    deinit { print("gone") }
                }
                """
        )
    }

    @Test func anOverridingPropertyIsLeftToTheSuperclassThatStoresIt() {
        assertTracedExpansion(
            """
            @Traced
            final class Watched: Base {
                override var next: Base? {
                    didSet { print("changed") }
                }
                var extra: Base?
            }
            """,
            expandsTo: """
                final class Watched: Base {
                    override var next: Base? {
                        didSet { print("changed") }
                    }
                    var extra: Base?

                    override func traverse(_ visit: (Reclaim.GCObject) -> Void) {
                        super.traverse(visit)
                        Reclaim._TracedSupport.traceStored(self.extra, visit)
                    }

                    override func clear() {
                        super.clear()
                        Reclaim._TracedSupport.clear(&self.extra)
                    }
                }
                """
        )
    }

    @Test func aWrappedPropertyIsTracedThroughItsStorageAndExistentialsSafely() {
        assertTracedExpansion(
            """
            @Traced
            final class Child: GCObject {
                @WeakBox var parent: Parent?
                @Clamped var level = 0
                @MainActor var title = ""
                var delegate: AnyObject?
                var payload: Any
                var extras: [any Shape] = []
                var created: Date
            }
            """,
            expandsTo: """
                final class Child: GCObject {
                    @WeakBox var parent: Parent?
                    @Clamped var level = 0
                    @MainActor var title = ""
                    var delegate: AnyObject?
                    var payload: Any
                    var extras: [any Shape] = []
                    var created: Date

                    override func traverse(_ visit: (Reclaim.GCObject) -> Void) {
                        Reclaim._TracedSupport.trace(self._parent, visit)
                        Reclaim._TracedSupport.traceObject(self.delegate, visit)
                        Reclaim._TracedSupport.traceExistential(Optional(self.payload), visit)
                        Reclaim._TracedSupport.traceExistential(Optional(self.extras), visit)
                        Reclaim._TracedSupport.traceStored(self.created, visit)
                        \(ExpectedClearabilityWarning.function([(.variable, "created", "self.created")], indent: 8))
                    }

                    override func clear() {
                        Reclaim._TracedSupport.clear(&self._parent)
                        Reclaim._TracedSupport.clearDynamic(&self.delegate)
                        Reclaim._TracedSupport.clearDynamic(&self.payload)
                        Reclaim._TracedSupport.clearDynamic(&self.extras)
                        Reclaim._TracedSupport.clear(&self.created)
                    }
                }
                """
        )
    }

    /// `traverse` passes a standard collection held by a stored `var` `inout`, so that no copy
    /// is made before the collector reads its storage's retain count; in a final class, any
    /// way its type is written or inferred. Other values (a reference, a struct, a wrapper's
    /// storage) gain nothing from it and would pay for the exclusivity check: by value.
    @Test func aFinalClassPassesItsStandardCollectionsInout() {
        assertTracedExpansion(
            """
            @Traced
            final class Forms: GCObject {
                var a: [Node] = []
                var b: [String: Node] = [:]
                var c: Array<Node> = []
                var d: Swift.Dictionary<String, [Node]> = [:]
                var e: ContiguousArray<Node> = []
                var f: Set<Node> = []
                var g: [Node]?
                var h: Optional<[Node]>
                var i: [Node]??
                var j = [Node]()
                var k = [String: Node]()
                var l = Set<Node>()
                var m = [Node(), Node()]
                var n: Node?
                var o: Edge
                var p = Edge()
                var q: Collection<Node>
                @StrongBox var r: Node?
            }
            """,
            expandsTo: """
                final class Forms: GCObject {
                    var a: [Node] = []
                    var b: [String: Node] = [:]
                    var c: Array<Node> = []
                    var d: Swift.Dictionary<String, [Node]> = [:]
                    var e: ContiguousArray<Node> = []
                    var f: Set<Node> = []
                    var g: [Node]?
                    var h: Optional<[Node]>
                    var i: [Node]??
                    var j = [Node]()
                    var k = [String: Node]()
                    var l = Set<Node>()
                    var m = [Node(), Node()]
                    var n: Node?
                    var o: Edge
                    var p = Edge()
                    var q: Collection<Node>
                    @StrongBox var r: Node?

                    override func traverse(_ visit: (Reclaim.GCObject) -> Void) {
                        Reclaim._TracedSupport.trace(&self.a, visit)
                        Reclaim._TracedSupport.trace(&self.b, visit)
                        Reclaim._TracedSupport.trace(&self.c, visit)
                        Reclaim._TracedSupport.trace(&self.d, visit)
                        Reclaim._TracedSupport.trace(&self.e, visit)
                        Reclaim._TracedSupport.trace(&self.f, visit)
                        Reclaim._TracedSupport.trace(&self.g, visit)
                        Reclaim._TracedSupport.trace(&self.h, visit)
                        Reclaim._TracedSupport.trace(&self.i, visit)
                        Reclaim._TracedSupport.trace(&self.j, visit)
                        Reclaim._TracedSupport.trace(&self.k, visit)
                        Reclaim._TracedSupport.trace(&self.l, visit)
                        Reclaim._TracedSupport.trace(&self.m, visit)
                        Reclaim._TracedSupport.traceStored(self.n, visit)
                        Reclaim._TracedSupport.traceStored(self.o, visit)
                        Reclaim._TracedSupport.traceStored(self.p, visit)
                        Reclaim._TracedSupport.traceStored(self.q, visit)
                        Reclaim._TracedSupport.trace(self._r, visit)
                        \(ExpectedClearabilityWarning.function(
                            [
                                (.variable, "j", "self.j"), (.variable, "k", "self.k"), (.variable, "l", "self.l"),
                                (.variable, "m", "self.m"), (.variable, "o", "self.o"), (.variable, "p", "self.p"),
                                (.variable, "q", "self.q"),
                            ],
                            indent: 8
                        ))
                    }

                    override func clear() {
                        Reclaim._TracedSupport.clear(&self.a)
                        Reclaim._TracedSupport.clear(&self.b)
                        Reclaim._TracedSupport.clear(&self.c)
                        Reclaim._TracedSupport.clear(&self.d)
                        Reclaim._TracedSupport.clear(&self.e)
                        Reclaim._TracedSupport.clear(&self.f)
                        Reclaim._TracedSupport.clear(&self.g)
                        Reclaim._TracedSupport.clear(&self.h)
                        Reclaim._TracedSupport.clear(&self.i)
                        Reclaim._TracedSupport.clear(&self.j)
                        Reclaim._TracedSupport.clear(&self.k)
                        Reclaim._TracedSupport.clear(&self.l)
                        Reclaim._TracedSupport.clear(&self.m)
                        Reclaim._TracedSupport.clear(&self.n)
                        Reclaim._TracedSupport.clear(&self.o)
                        Reclaim._TracedSupport.clear(&self.p)
                        Reclaim._TracedSupport.clear(&self.q)
                        Reclaim._TracedSupport.clear(&self._r)
                    }
                }
                """
        )
    }

    /// A property wrapper or a macro may have a lower-case name: a property with an attribute
    /// that is not a known built-in one is read through its accessors, by value, so a
    /// reference it returns stays retained while `visit` runs, and a collection is not passed
    /// `inout`. A known built-in attribute changes nothing.
    @Test func anUnknownLowerCaseAttributeKeepsTheReadByValue() {
        assertTracedExpansion(
            """
            @Traced
            final class Holder: GCObject {
                @fresh var n: Node?
                @available(*, deprecated) var m: Node?
                @fresh var list: [Node] = []
            }
            """,
            expandsTo: """
                final class Holder: GCObject {
                    @fresh var n: Node?
                    @available(*, deprecated) var m: Node?
                    @fresh var list: [Node] = []

                    override func traverse(_ visit: (Reclaim.GCObject) -> Void) {
                        Reclaim._TracedSupport.trace(self.n, visit)
                        Reclaim._TracedSupport.traceStored(self.m, visit)
                        Reclaim._TracedSupport.trace(self.list, visit)
                    }

                    override func clear() {
                        Reclaim._TracedSupport.clear(&self.n)
                        Reclaim._TracedSupport.clear(&self.m)
                        Reclaim._TracedSupport.clear(&self.list)
                    }
                }
                """
        )
    }

    /// An `inout` access runs the property's modify accessor, so a collection is passed
    /// `inout` only when that is the plain stored one: no observers, not `dynamic`, no
    /// attribute that changes the accessors, and no subclass can override it (the property or
    /// the class is `final`; a `private` property can be overridden by a subclass nested in
    /// the class or in an extension of it). Tuple elements are passed one by one; generic,
    /// existential and `AnyObject` values as before.
    @Test func aNonFinalClassPassesOnlyItsFinalPlainStoredCollectionsInout() {
        assertTracedExpansion(
            """
            @Traced
            class Tree<Value>: GCObject {
                public var open: [Node] = []
                final var pinned: [Node] = []
                private var hidden: [Node] = []
                fileprivate final var sealed: Set<Node> = []
                final dynamic var replaceable: [Node] = []
                @NSCopying final var copied: [Node] = []
                final var observed: [Node] = [] {
                    didSet { print("changed") }
                }
                final var pair: ([Node], label: Node?) = ([], nil)
                final var values: [Value] = []
                final var shape: (any Shape)?
                final var object: AnyObject?
                let root: [Node]
            }
            """,
            expandsTo: """
                class Tree<Value>: GCObject {
                    public var open: [Node] = []
                    final var pinned: [Node] = []
                    private var hidden: [Node] = []
                    fileprivate final var sealed: Set<Node> = []
                    final dynamic var replaceable: [Node] = []
                    @NSCopying final var copied: [Node] = []
                    final var observed: [Node] = [] {
                        didSet { print("changed") }
                    }
                    final var pair: ([Node], label: Node?) = ([], nil)
                    final var values: [Value] = []
                    final var shape: (any Shape)?
                    final var object: AnyObject?
                    let root: [Node]

                    override func traverse(_ visit: (Reclaim.GCObject) -> Void) {
                        Reclaim._TracedSupport.trace(self.open, visit)
                        Reclaim._TracedSupport.trace(&self.pinned, visit)
                        Reclaim._TracedSupport.trace(self.hidden, visit)
                        Reclaim._TracedSupport.trace(&self.sealed, visit)
                        Reclaim._TracedSupport.trace(self.replaceable, visit)
                        Reclaim._TracedSupport.trace(self.copied, visit)
                        Reclaim._TracedSupport.trace(self.observed, visit)
                        Reclaim._TracedSupport.trace(&self.pair.0, visit)
                        Reclaim._TracedSupport.traceStored(self.pair.label, visit)
                        Reclaim._TracedSupport.traceDynamic(self.values, visit)
                        Reclaim._TracedSupport.traceExistential(Optional(self.shape), visit)
                        Reclaim._TracedSupport.traceObject(self.object, visit)
                        Reclaim._TracedSupport.trace(self.root, visit)
                    }

                    override func clear() {
                        Reclaim._TracedSupport.clear(&self.open)
                        Reclaim._TracedSupport.clear(&self.pinned)
                        Reclaim._TracedSupport.clear(&self.hidden)
                        Reclaim._TracedSupport.clear(&self.sealed)
                        Reclaim._TracedSupport.clear(&self.replaceable)
                        Reclaim._TracedSupport.clear(&self.copied)
                        Reclaim._TracedSupport.clear(&self.observed)
                        Reclaim._TracedSupport.clear(&self.pair.0)
                        Reclaim._TracedSupport.clear(&self.pair.label)
                        Reclaim._TracedSupport.clearDynamic(&self.values)
                        Reclaim._TracedSupport.clearDynamic(&self.shape)
                        Reclaim._TracedSupport.clearDynamic(&self.object)
                    }
                }
                """
        )
    }

    /// Another macro attached to the class (`@Observable`) may turn its stored properties into
    /// computed ones whose modify accessor runs code (notifies observers): every property is
    /// then passed by value. A global actor is not a macro.
    @Test func aClassWithAnotherMacroPassesEveryPropertyByValue() {
        assertTracedExpansion(
            """
            @Observable @Traced
            final class Model: GCObject {
                var items: [Node] = []
            }
            @MainActor @Traced
            final class ViewModel: GCObject {
                var items: [Node] = []
            }
            """,
            expandsTo: """
                @Observable
                final class Model: GCObject {
                    var items: [Node] = []

                    override func traverse(_ visit: (Reclaim.GCObject) -> Void) {
                        Reclaim._TracedSupport.trace(self.items, visit)
                    }

                    override func clear() {
                        Reclaim._TracedSupport.clear(&self.items)
                    }
                }
                @MainActor
                final class ViewModel: GCObject {
                    var items: [Node] = []

                    override func traverse(_ visit: (Reclaim.GCObject) -> Void) {
                        Reclaim._TracedSupport.trace(&self.items, visit)
                    }

                    override func clear() {
                        Reclaim._TracedSupport.clear(&self.items)
                    }
                }
                """
        )
    }

    /// A class's `let` can only refer to objects older than its holder: every cycle through it
    /// also runs through a `var` or an enum payload, which has its own check.
    @Test func onlyLetPropertiesGetNoClearAndNoCheck() {
        assertTracedExpansion(
            """
            @Traced
            final class Edge: GCObject {
                let from: Node
                let to: Node
            }
            """,
            expandsTo: """
                final class Edge: GCObject {
                    let from: Node
                    let to: Node

                    override func traverse(_ visit: (Reclaim.GCObject) -> Void) {
                        Reclaim._TracedSupport.trace(self.from, visit)
                        Reclaim._TracedSupport.trace(self.to, visit)
                    }
                }
                """
        )
    }

    @Test func aNonOptionalVarGetsACompileTimeCheckUnlessUncleared() {
        assertTracedExpansion(
            """
            @Traced
            final class Child: GCObject {
                var parent: Node
                @Uncleared var owner: Node
                let root: Node
                var next: Node?
            }
            """,
            expandsTo: """
                final class Child: GCObject {
                    var parent: Node
                    var owner: Node
                    let root: Node
                    var next: Node?

                    override func traverse(_ visit: (Reclaim.GCObject) -> Void) {
                        Reclaim._TracedSupport.traceStored(self.parent, visit)
                        Reclaim._TracedSupport.traceStored(self.owner, visit)
                        Reclaim._TracedSupport.trace(self.root, visit)
                        Reclaim._TracedSupport.traceStored(self.next, visit)
                        // Compile-time warnings only: never called.
                        func warnAboutUnclearableReferences() {
                            do {
                                @available(*, deprecated, message: "clear() cannot drop 'parent' (a non-optional reference), so a cycle made only of such references is never collected (its objects end up in heap.garbage): make it optional, mark it @Uncleared if each cycle through it also runs through a reference clear() drops, or @Untraced if it is never part of a cycle")
                                func unclearableReference(_: Reclaim._TracedSupport.KeepsReferences) {
                                }
                                func unclearableReference(_: Reclaim._TracedSupport.KeepsNothing) {
                                }
                                unclearableReference(Reclaim._TracedSupport.referencesKept(inVar: self.parent))
                            }
                        }
                    }

                    override func clear() {
                        Reclaim._TracedSupport.clear(&self.parent)
                        Reclaim._TracedSupport.clear(&self.owner)
                        Reclaim._TracedSupport.clear(&self.next)
                    }
                }
                """
        )
    }
}
