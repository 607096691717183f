import Testing

@testable import Reclaim

/// Each test stores objects in one kind of place and checks that the walker lists exactly
/// the strong references, with their labels.
@Suite struct ReferenceWalkerTests {
    final class Leaf {}

    /// The references `object` holds: `label → target` pairs, and the unreadable count.
    static func references(of object: AnyObject) -> (
        edges: [String: ObjectIdentifier], labels: [String], unreadable: Int
    ) {
        let walker = ReferenceWalker()
        var edges: [String: ObjectIdentifier] = [:]
        var labels: [String] = []
        let unreadable = withExtendedLifetime(object) {
            walker.forEachReference(of: UnsafeRawPointer(Unmanaged.passUnretained(object).toOpaque())) {
                target,
                label in
                edges[label.text] = ObjectIdentifier(unsafeBitCast(target, to: AnyObject.self))
                labels.append(label.text)
            }
        }
        return (edges, labels, unreadable)
    }

    static func id(_ object: AnyObject) -> ObjectIdentifier { ObjectIdentifier(object) }

    class Base {
        var baseStrong = Leaf()
        weak var baseWeak: Leaf?
        var count = 0
    }

    final class Derived: Base {
        var strong = Leaf()
        var optional: Leaf? = Leaf()
        var none: Leaf? = nil
        weak var weakLeaf: Leaf?
        unowned var unownedLeaf: Leaf
        unowned(unsafe) var unsafeLeaf: Leaf
        var unmanaged: Unmanaged<Leaf>
        lazy var lazyLeaf = Leaf()
        let kept: Leaf

        init(kept: Leaf) {
            self.kept = kept
            unownedLeaf = kept
            unsafeLeaf = kept
            unmanaged = .passUnretained(kept)
            super.init()
            weakLeaf = kept
            baseWeak = kept
        }
    }

    @Test func classPropertiesThroughTheSuperclassChainAndOnlyStrongOnes() {
        let kept = Leaf()
        let object = Derived(kept: kept)
        _ = object.lazyLeaf
        let found = Self.references(of: object)
        #expect(found.labels == ["baseStrong", "strong", "optional", "lazyLeaf", "kept"])
        #expect(found.edges["baseStrong"] == Self.id(object.baseStrong))
        #expect(found.edges["optional"] == Self.id(object.optional!))
        #expect(found.edges["kept"] == Self.id(kept))
        #expect(found.unreadable == 0)
    }

    struct Pair {
        var first: Leaf
        var number = 3
        weak var weakOne: Leaf?
        var second: Leaf?
    }

    final class ValueHolder {
        var pair: Pair
        var tuple: (Int, Leaf, (String, Leaf?))
        var nested: Pair?
        init(_ a: Leaf, _ b: Leaf, _ c: Leaf) {
            pair = Pair(first: a, weakOne: a, second: b)
            tuple = (1, c, ("x", a))
            nested = nil
        }
    }

    @Test func structsTuplesAndOptionalsOfThem() {
        let (a, b, c) = (Leaf(), Leaf(), Leaf())
        let holder = ValueHolder(a, b, c)
        var found = Self.references(of: holder)
        #expect(found.labels == ["pair.first", "pair.second", "tuple.1", "tuple.2.1"])
        #expect(found.edges["tuple.1"] == Self.id(c))
        #expect(found.edges["tuple.2.1"] == Self.id(a))
        holder.nested = Pair(first: c, second: nil)
        found = Self.references(of: holder)
        #expect(found.labels.last == "nested.first")
        #expect(found.edges["nested.first"] == Self.id(c))
    }

    enum State {
        case idle
        case loading(Leaf)
        case done(Leaf, Int)
        case failed(String)
    }

    enum Small {
        case a(Leaf)
        case b(Leaf)
        case c
    }

    indirect enum List {
        case end
        case node(Leaf, List)
    }

    final class EnumHolder {
        var state: State = .idle
        var small: Small = .c
        var list: List = .end
        var optionalState: State? = nil
    }

    @Test func enumsReadTheCaseActuallyStored() {
        let (a, b) = (Leaf(), Leaf())
        let holder = EnumHolder()
        #expect(Self.references(of: holder).labels.isEmpty)
        holder.state = .done(a, 4)
        holder.small = .b(b)
        holder.optionalState = .loading(b)
        let found = Self.references(of: holder)
        #expect(found.labels == ["state.done.0", "small.b", "optionalState.loading"])
        #expect(found.edges["state.done.0"] == Self.id(a))
        #expect(found.edges["small.b"] == Self.id(b))
        holder.state = .failed("no")
        holder.small = .a(a)
        #expect(Self.references(of: holder).labels == ["small.a", "optionalState.loading"])
    }

    @Test func indirectCasesAreBoxesWhoseContentsAreWalked() {
        let (a, b) = (Leaf(), Leaf())
        let holder = EnumHolder()
        holder.list = .node(a, .node(b, .end))
        let walker = ReferenceWalker()
        var boxes: [UnsafeRawPointer] = []
        walker.forEachReference(of: UnsafeRawPointer(Unmanaged.passUnretained(holder).toOpaque())) { target, label in
            #expect(label.text == "list.node")
            #expect(label.holding == .box)
            boxes.append(target)
        }
        #expect(boxes.count == 1)
        var inFirstBox: [(UnsafeRawPointer, String)] = []
        walker.forEachReference(of: boxes[0]) { inFirstBox.append(($0, $1.text)) }
        #expect(inFirstBox.count == 2)
        #expect(inFirstBox.first?.0 == UnsafeRawPointer(Unmanaged.passUnretained(a).toOpaque()))
        withExtendedLifetime(holder) {}
    }

    protocol Shape {}
    struct SmallShape: Shape { var leaf: Leaf }
    struct LargeShape: Shape {
        var leaf: Leaf
        var x = 0
        var y = 0
        var z = 0
    }
    protocol Delegate: AnyObject {}
    final class DelegateObject: Delegate {}

    final class ExistentialHolder {
        var any: Any = 0
        var shape: (any Shape)?
        var object: AnyObject?
        var delegate: (any Delegate)?
        weak var weakDelegate: (any Delegate)?
    }

    @Test func existentialsInlineAndBoxed() {
        let (a, b) = (Leaf(), Leaf())
        let delegate = DelegateObject()
        let holder = ExistentialHolder()
        #expect(Self.references(of: holder).labels.isEmpty)
        holder.any = a
        holder.shape = SmallShape(leaf: b)
        holder.object = b
        holder.delegate = delegate
        holder.weakDelegate = delegate
        var found = Self.references(of: holder)
        #expect(found.labels == ["any", "shape", "object", "delegate"])
        #expect(found.edges["any"] == Self.id(a))
        #expect(found.edges["shape"] == Self.id(b))
        #expect(found.edges["delegate"] == Self.id(delegate))
        // A value too large for the buffer lives in a box: the box is the reference.
        holder.shape = LargeShape(leaf: a)
        let walker = ReferenceWalker()
        var box: UnsafeRawPointer?
        walker.forEachReference(of: UnsafeRawPointer(Unmanaged.passUnretained(holder).toOpaque())) { target, label in
            if label.text == "shape" {
                #expect(label.holding == .box)
                box = target
            }
        }
        var inBox: [UnsafeRawPointer] = []
        if let box { walker.forEachReference(of: box) { target, _ in inBox.append(target) } }
        #expect(inBox == [UnsafeRawPointer(Unmanaged.passUnretained(a).toOpaque())])
        found = Self.references(of: holder)
        #expect(found.unreadable == 0)
        withExtendedLifetime(holder) {}
    }

    final class CollectionHolder {
        var array: [Leaf] = []
        var optionals: [Leaf?] = []
        var contiguous = ContiguousArray<Pair>()
        var dictionary: [String: Leaf] = [:]
        var objectKeys: [ObjectIdentifier: Leaf] = [:]
        var set: Set<Wrapper> = []
        var numbers = [1, 2, 3]
    }

    struct Wrapper: Hashable {
        var leaf: Leaf
        static func == (lhs: Wrapper, rhs: Wrapper) -> Bool { lhs.leaf === rhs.leaf }
        func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(leaf)) }
    }

    /// Every reference reachable from `object` through collection storage, by target.
    static func referencesThroughStorage(of object: AnyObject) -> [String: [ObjectIdentifier]] {
        let walker = ReferenceWalker()
        let inner = ReferenceWalker()
        var result: [String: [ObjectIdentifier]] = [:]
        let address = UnsafeRawPointer(Unmanaged.passUnretained(object).toOpaque())
        _ = withExtendedLifetime(object) {
            walker.forEachReference(of: address) { storage, label in
                let property = label.text
                inner.forEachReference(of: storage) { target, _ in
                    result[property, default: []].append(ObjectIdentifier(unsafeBitCast(target, to: AnyObject.self)))
                }
            }
        }
        return result
    }

    @Test func arrayDictionaryAndSetStorageElements() {
        let leaves = (0..<5).map { _ in Leaf() }
        let holder = CollectionHolder()
        holder.array = [leaves[0], leaves[1]]
        holder.optionals = [nil, leaves[2], nil]
        holder.contiguous = [Pair(first: leaves[3], second: leaves[4])]
        holder.dictionary = ["a": leaves[0], "b": leaves[1]]
        holder.objectKeys = [ObjectIdentifier(leaves[2]): leaves[2]]
        holder.set = [Wrapper(leaf: leaves[3]), Wrapper(leaf: leaves[4])]
        let found = Self.referencesThroughStorage(of: holder)
        #expect(found["array"] == leaves[0...1].map(Self.id))
        #expect(found["optionals"] == [Self.id(leaves[2])])
        #expect(found["contiguous"] == [Self.id(leaves[3]), Self.id(leaves[4])])
        #expect(Set(found["dictionary"] ?? []) == Set(leaves[0...1].map(Self.id)))
        #expect(found["objectKeys"] == [Self.id(leaves[2])])
        #expect(Set(found["set"] ?? []) == Set(leaves[3...4].map(Self.id)))
        #expect(found["numbers"] == nil)
    }

    @Test func arrayElementsAreLabelledByIndex() {
        let leaves = [Leaf(), Leaf()]
        let storage = RuntimeShims.storageObjectAddress(of: leaves)!
        let walker = ReferenceWalker()
        var labels: [String] = []
        let kind = withExtendedLifetime(leaves) {
            walker.forEachReference(of: storage) { _, label in labels.append(label.text) }
            return walker.kind(of: storage)
        }
        #expect(labels == ["[0]", "[1]"])
        #expect(kind == .arrayStorage)
    }

    final class ClosureHolder {
        var onFinish: (() -> Void)?
        var handlers: [() -> Void] = []
        var count = 0
    }

    /// The class instances the closure in `holder.onFinish` holds, through its context and any
    /// contexts and boxes inside it (a stored closure may be wrapped in a reabstraction thunk,
    /// whose context captures the closure itself), with the label of the last step.
    static func captures(of holder: ClosureHolder) -> [(ObjectIdentifier, String)] {
        let walker = ReferenceWalker()
        var contexts: [(UnsafeRawPointer, String)] = []
        walker.forEachReference(of: UnsafeRawPointer(Unmanaged.passUnretained(holder).toOpaque())) { context, label in
            guard label.text == "onFinish" else { return }
            #expect(label.holding == .closure)
            contexts.append((context, label.text))
        }
        var result: [(ObjectIdentifier, String)] = []
        while let (object, label) = contexts.popLast() {
            guard walker.kind(of: object) == .closureContext else {
                result.append((ObjectIdentifier(unsafeBitCast(object, to: AnyObject.self)), label))
                continue
            }
            walker.forEachReference(of: object) { target, captureLabel in contexts.append((target, captureLabel.text)) }
        }
        return result
    }

    @Test func closureCapturesStrongWeakUnownedAndBoxedVariables() {
        let holder = ClosureHolder()
        let other = Leaf()
        // One strong capture: the context is the captured object itself.
        holder.onFinish = { holder.count += 1 }
        #expect(Self.captures(of: holder).map(\.0) == [Self.id(holder)])
        // Several captures: a context object lists them.
        holder.onFinish = { [unowned holder] in _ = (holder, other, 3) }
        #expect(Self.captures(of: holder).map(\.0) == [Self.id(other)])
        holder.onFinish = { [weak holder] in _ = (holder, other) }
        #expect(Self.captures(of: holder).map(\.0) == [Self.id(other)])
        var counter = 0
        holder.onFinish = {
            counter += 1
            _ = (holder, other)
        }
        let found = Self.captures(of: holder)
        #expect(found.contains { $0.0 == Self.id(holder) })
        #expect(found.contains { $0.0 == Self.id(other) })
        #expect(found.allSatisfy { $0.1.hasPrefix("capture #") })
        #expect(found.count == 2)
        holder.onFinish = nil
        _ = counter
    }

    @Test func nothingCapturedMeansNoReference() {
        let holder = ClosureHolder()
        holder.onFinish = { print("no captures") }
        #expect(!Self.references(of: holder).labels.contains("onFinish"))
    }

    @Test func stringsHoldTheirStorageOnly() {
        final class Text {
            var small = "abc"
            var large = String(repeating: "reclaim", count: 20)
            var literal = "a literal string that is longer than fifteen bytes"
        }
        let text = Text()
        let found = Self.references(of: text)
        #expect(found.labels == ["large"])
        #expect(found.unreadable == 0)
    }

    @Test func walkingDoesNotRetain() {
        let leaf = Leaf()
        let holder = ValueHolder(leaf, leaf, leaf)
        let before = RuntimeShims.retainCount(Unmanaged.passUnretained(leaf).toOpaque())
        _ = Self.references(of: holder)
        _ = Self.referencesThroughStorage(of: holder)
        #expect(RuntimeShims.retainCount(Unmanaged.passUnretained(leaf).toOpaque()) == before)
    }
}
