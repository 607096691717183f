import ReclaimMacros

@Traced final class ListNode: GCObject {
    var next: ListNode?
    var label = ""
}

/// A node whose references sit in every kind of property `@Traced` supports.
@Traced final class KitchenSink: GCObject {
    var optional: KitchenSink?
    let fixed: ListNode
    var array: [KitchenSink] = []
    var contiguous: ContiguousArray<KitchenSink> = []
    var set: Set<HashableNode> = []
    var byName: [String: KitchenSink] = [:]
    var byNode: [HashableNode: Int] = [:]
    var nested: [[KitchenSink?]] = []
    var pair: (KitchenSink?, label: ListNode?) = (nil, nil)
    var edge = Edge()
    var shape = Shape.empty
    var onEvent: Callback<Int, Int>?
    var count = 0
    weak var weakPeer: KitchenSink?
    unowned(unsafe) var unownedPeer: ListNode
    @Untraced var hidden: ListNode?
    var computed: Int { array.count }

    init(heap: Heap, fixed: ListNode) {
        self.fixed = fixed
        self.unownedPeer = fixed
        super.init(heap: heap)
    }
}

@Traced final class HashableNode: GCObject, Hashable {
    var back: KitchenSink?

    static func == (lhs: HashableNode, rhs: HashableNode) -> Bool { lhs === rhs }
    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

@Traced struct Edge {
    var target: KitchenSink?
    var weight = 1.0
}

@Traced enum Shape {
    case empty
    case single(KitchenSink)
    case labeled(first: KitchenSink, second: KitchenSink?)
    case number(Int)
}

@Traced class Base: GCObject {
    var baseLink: GCObject?
}

@Traced class Derived: Base {
    var derivedLink: GCObject?
    var note = ""
}

@Traced final class MoreDerived: Derived {
    var extra: [GCObject] = []
}

/// Adds no property: inherits `Derived`'s generated members and stays tracked.
@Traced final class SameAsDerived: Derived {
    var tag = 0
}

@Traced final class Holder<Value>: GCObject {
    var value: Value

    init(heap: Heap, value: Value) {
        self.value = value
        super.init(heap: heap)
    }
}

@Traced final class Plain: GCObject {
    var count = 0
    var name = "plain"
    weak var peer: ListNode?
}

@Traced final class Observed: GCObject {
    nonisolated(unsafe) static var changes = 0
    var link: Observed? {
        didSet { Observed.changes += 1 }
    }
}

/// A struct whose `let` holds a reference: `@Uncleared` silences the warning it gets.
@Traced struct PinnedEdge {
    @Uncleared let target: PinnedEdgeHolder?
}

@Traced final class PinnedEdgeHolder: GCObject {
    var edge = PinnedEdge(target: nil)
}

@Traced final class WithDeinit: GCObject {
    nonisolated(unsafe) static var deinits = 0
    var link: WithDeinit?
    deinit { WithDeinit.deinits += 1 }
}

/// The references `object.traverse` reports, by identity.
func reported(by object: GCObject) -> [ObjectIdentifier] {
    var references: [ObjectIdentifier] = []
    object.traverse { references.append(ObjectIdentifier($0)) }
    return references
}
