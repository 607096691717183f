import ReclaimMacros
import Testing

/// A wrapper that holds its object weakly: plain data as far as the collector is concerned.
@propertyWrapper struct WeakBox<Object: AnyObject>: ReferenceFree {
    weak var object: Object?

    init(wrappedValue: Object?) { object = wrappedValue }

    var wrappedValue: Object? {
        get { object }
        set { object = newValue }
    }
}

/// A wrapper that holds its object strongly, and says so.
@propertyWrapper @Traced struct StrongBox<Object: GCObject> {
    var object: Object?

    init(wrappedValue: Object?) { object = wrappedValue }

    var wrappedValue: Object? {
        get { object }
        set { object = newValue }
    }
}

@Traced final class WrappedChild: GCObject {
    @WeakBox var parent: ListNode? = nil
    @StrongBox var sibling: WrappedChild? = nil
}

/// More than three words: stored in a box that copies of an `Any` share.
@Traced struct LargePayload {
    var node: ListNode?
    var a = 0, b = 0, c = 0
}

@Traced final class AnyHolder: GCObject {
    var payload: Any = 0
    var object: AnyObject?
    var other: AnyHolder?
}

/// A class that conforms to `Traceable` without being a `GCObject`: an instance may be shared.
final class SharedTraceableHolder: Traceable {
    var node: ListNode?

    init(node: ListNode?) { self.node = node }

    func traceReferences(_ visit: (GCObject) -> Void) {
        if let node { visit(node) }
    }
}

@Traced final class HoldsSharedHolder: GCObject {
    var holder: SharedTraceableHolder
    var other: HoldsSharedHolder?

    init(heap: Heap, holder: SharedTraceableHolder) {
        self.holder = holder
        super.init(heap: heap)
    }
}

enum Game {
    /// A user type named like a standard one: traced like any other.
    @Traced final class Character: GCObject {
        var friend: Character?
    }
}

/// The ways generated code could over-report a reference (and so clear a live object), each
/// shown not to.
@Suite struct TracedSafetyTests {
    @Test func aWrapperIsTracedThroughItsStorageNotItsGetter() {
        let heap = Heap()
        heap.disable()
        let parent = ListNode(heap: heap)
        parent.next = ListNode(heap: heap)
        weak var observed: WrappedChild?
        do {
            let child = WrappedChild(heap: heap)
            let sibling = WrappedChild(heap: heap)
            child.parent = parent
            child.sibling = sibling
            sibling.sibling = child
            observed = child
            #expect(reported(by: child) == [ObjectIdentifier(sibling)])
        }
        #expect(heap.collect() == 2)
        #expect(observed == nil)
        #expect(parent.next != nil, "the weakly held parent was cleared")
    }

    @Test func aLargeValueInAnAnySharedByTwoHoldersIsCountedOnceAndNotCleared() {
        let heap = Heap()
        heap.disable()
        let node = ListNode(heap: heap)
        node.next = ListNode(heap: heap)
        do {
            let shared: Any = LargePayload(node: node)
            let first = AnyHolder(heap: heap)
            let second = AnyHolder(heap: heap)
            first.payload = shared
            second.payload = shared
            first.other = second
            second.other = first
        }
        // The box is counted once, with its real retain count: the node it holds is also held
        // by the test, so only the two holders are garbage.
        #expect(heap.collect() == 2)
        #expect(heap.stats[2].refused == 0)
        #expect(node.next != nil, "a node held through a shared box was cleared")
    }

    @Test func aSmallValueInAnAnyAndAnObjectInAnAnyObjectAreReported() {
        let heap = Heap()
        let node = ListNode(heap: heap)
        let holder = AnyHolder(heap: heap)
        holder.payload = Edge(target: nil)
        #expect(reported(by: holder).isEmpty)
        holder.payload = node as Any
        holder.object = node
        #expect(reported(by: holder) == [ObjectIdentifier(node), ObjectIdentifier(node)])
        holder.object = LargePayload(node: node) as AnyObject
        #expect(reported(by: holder) == [ObjectIdentifier(node)], "a value boxed as an object is left alone")
    }

    @Test func aSharedTraceableClassInstanceIsNotReportedByItsHolders() {
        let heap = Heap()
        heap.disable()
        let node = ListNode(heap: heap)
        node.next = ListNode(heap: heap)
        do {
            let shared = SharedTraceableHolder(node: node)
            let first = HoldsSharedHolder(heap: heap, holder: shared)
            let second = HoldsSharedHolder(heap: heap, holder: shared)
            first.other = second
            second.other = first
            #expect(reported(by: first) == [ObjectIdentifier(second)])
        }
        #expect(heap.collect() == 2)
        #expect(node.next != nil, "a node held by a shared class instance was cleared")
    }

    @Test func aTypeNamedLikeAStandardOneIsStillTraced() {
        let heap = Heap()
        heap.disable()
        weak var observed: Game.Character?
        do {
            let a = Game.Character(heap: heap)
            let b = Game.Character(heap: heap)
            a.friend = b
            b.friend = a
            observed = a
            #expect(heap.isTracked(a))
        }
        #expect(heap.collect() == 2)
        #expect(observed == nil)
    }
}
