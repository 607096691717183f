import Reclaim

// Classes for `Heap.verify()` tests: first `traverse` implementations with one deliberate
// mistake each, then correct ones that must not be flagged.

/// A tracked object that can be a dictionary key or a set element (by identity).
final class HashableNode: GCObject, Hashable {
    static func == (lhs: HashableNode, rhs: HashableNode) -> Bool { lhs === rhs }
    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// Wrong: reports its `weak` parent.
final class ReportsWeakParentNode: GCObject {
    weak var parent: LinkNode?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let parent { visit(parent) }
    }
}

/// Wrong: reports its `unowned` owner.
final class ReportsUnownedOwnerNode: GCObject {
    unowned let owner: LinkNode

    init(owner: LinkNode, heap: Heap) {
        self.owner = owner
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) { visit(owner) }
}

/// Wrong: reports its `unowned(unsafe)` owner.
final class ReportsUnsafeOwnerNode: GCObject {
    unowned(unsafe) var owner: LinkNode

    init(owner: LinkNode, heap: Heap) {
        self.owner = owner
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) { visit(owner) }
}

/// Not held by any tracked object's property.
nonisolated(unsafe) let unrelatedGlobalNode = LinkNode(heap: Heap())

/// Wrong: reports a global object it does not hold.
final class ReportsGlobalNode: GCObject {
    var next: LinkNode?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
        visit(unrelatedGlobalNode)
    }
}

/// Wrong: never overrides `traverse`, so it is not tracked, yet it holds a reference. Found
/// through the tracked objects that hold it.
final class UntrackedHolderNode: GCObject {
    var next: LinkNode?
}

/// Wrong: forgets its second optional reference.
final class ForgetsOptionalNode: GCObject {
    var first: LinkNode?
    var second: LinkNode?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let first { visit(first) }
    }
}

/// Wrong: forgets the elements of its array.
final class ForgetsArrayNode: GCObject {
    var children: [LinkNode] = []

    /// Tracked (it overrides `traverse`), but reports nothing.
    override func traverse(_ visit: (GCObject) -> Void) {}
}

/// Wrong: forgets the values of one dictionary and the keys of another.
final class ForgetsDictionaryNode: GCObject {
    var byName: [String: LinkNode] = [:]
    var byNode: [HashableNode: LinkNode] = [:]

    override func traverse(_ visit: (GCObject) -> Void) {
        for value in byNode.values { visit(value) }
    }
}

/// A value type holding references, one of them weak.
struct NodePair {
    var first: LinkNode
    var second: LinkNode?
    weak var observer: LinkNode?
}

/// Wrong: forgets `pair.second`.
final class ForgetsStructFieldNode: GCObject {
    var pair: NodePair

    init(pair: NodePair, heap: Heap) {
        self.pair = pair
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) { visit(pair.first) }
}

/// A superclass that reports its own reference.
class ReportingBase: GCObject {
    var base: LinkNode?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let base { visit(base) }
    }
}

/// Wrong: does not call `super.traverse`, so `base` is forgotten.
final class ForgetsSuperclassNode: ReportingBase {
    var extra: LinkNode?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let extra { visit(extra) }
    }
}

/// An enum with payloads that hold references.
enum NodeSlot {
    case empty
    case single(LinkNode)
    case labeled(LinkNode, label: String)
}

/// Wrong: forgets the payload of its enum.
final class ForgetsEnumPayloadNode: GCObject {
    var slot = NodeSlot.empty

    /// Tracked (it overrides `traverse`), but reports nothing.
    override func traverse(_ visit: (GCObject) -> Void) {}
}

/// A plain class (not tracked) that holds tracked objects: its references are its own.
final class PlainHolder {
    var nodes: [LinkNode]

    init(nodes: [LinkNode]) { self.nodes = nodes }
}

/// A value type whose mirror hides what it stores.
struct MirrorHidingPair: CustomReflectable {
    var node: LinkNode?

    var customMirror: Mirror { Mirror(self, children: ["shown": node as Any]) }
}

/// Unverifiable: a tracked object stored inside a value with a custom mirror.
final class HoldsMirrorHidingPairNode: GCObject {
    var pair = MirrorHidingPair()

    override func traverse(_ visit: (GCObject) -> Void) {
        if let node = pair.node { visit(node) }
    }
}

/// Unverifiable: the class provides its own mirror.
final class CustomMirrorNode: GCObject, CustomReflectable {
    var next: LinkNode?

    var customMirror: Mirror { Mirror(self, children: []) }

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
    }
}

/// Unverifiable: keeps its reference as an `Unmanaged` retained by hand, which reflection
/// cannot tell from an unretained one.
final class ManuallyRetainingNode: GCObject {
    private var storedNext: Unmanaged<LinkNode>?

    var next: LinkNode? {
        get { storedNext?.takeUnretainedValue() }
        set {
            let old = storedNext
            storedNext = newValue.map { Unmanaged.passRetained($0) }
            old?.release()
        }
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        storedNext?._withUnsafeGuaranteedRef { visit($0) }
    }

    override func clear() { next = nil }

    deinit { storedNext?.release() }
}

/// Correct: every kind of container and ownership, each strong reference reported once.
final class WellBehavedNode: GCObject {
    let fixed: LinkNode
    var optional: LinkNode?
    var array: [LinkNode] = []
    var contiguous: ContiguousArray<LinkNode> = []
    var set: Set<HashableNode> = []
    var table: [HashableNode: LinkNode] = [:]
    var grid: [[LinkNode]] = []
    var pair: NodePair
    var slot = NodeSlot.empty
    var tuple: (LinkNode, count: Int)?
    lazy var cached: LinkNode? = nil
    weak var parent: LinkNode?
    unowned let owner: LinkNode
    unowned(unsafe) var unsafeOwner: LinkNode
    var plain: PlainHolder?
    var numbers: [Double] = []
    var onEvent: (() -> Void)?
    var existential: AnyObject?

    init(fixed: LinkNode, pair: NodePair, owner: LinkNode, heap: Heap) {
        self.fixed = fixed
        self.pair = pair
        self.owner = owner
        self.unsafeOwner = owner
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        visit(fixed)
        if let optional { visit(optional) }
        for node in array { visit(node) }
        for node in contiguous { visit(node) }
        for node in set { visit(node) }
        for (key, value) in table {
            visit(key)
            visit(value)
        }
        for row in grid { for node in row { visit(node) } }
        visit(pair.first)
        if let second = pair.second { visit(second) }
        switch slot {
        case .empty: break
        case .single(let node), .labeled(let node, _): visit(node)
        }
        if let tuple { visit(tuple.0) }
        if let cached { visit(cached) }
        if let existential = existential as? GCObject { visit(existential) }
        // What the closure captures, read from runtime metadata.
        _TracedSupport.traceClosures(in: self, property: "onEvent", visit)
    }
}

/// Correct: each class of a three-level chain reports its own references and calls `super`.
class ChainBase: GCObject {
    var a: LinkNode?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let a { visit(a) }
    }
}

class ChainMiddle: ChainBase {
    var b: [LinkNode] = []

    override func traverse(_ visit: (GCObject) -> Void) {
        super.traverse(visit)
        for node in b { visit(node) }
    }
}

final class ChainLeaf: ChainMiddle {
    weak var back: ChainBase?
    var c: LinkNode?

    override func traverse(_ visit: (GCObject) -> Void) {
        super.traverse(visit)
        if let c { visit(c) }
    }
}

/// Correct for any `Value`: reports the value when it is a tracked object.
final class GenericBox<Value>: GCObject {
    var value: Value

    init(_ value: Value, heap: Heap) {
        self.value = value
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        if let object = value as? GCObject { visit(object) }
    }
}
