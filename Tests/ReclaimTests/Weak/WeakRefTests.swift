import Reclaim
import Testing

/// `WeakRef` semantics: cleared when ARC frees the referent or a collection finds it
/// unreachable, callbacks only for weak references that are not garbage themselves, and
/// weak references to garbage cleared before any callback or finalizer runs.
@Suite struct WeakRefTests {
    private func makeHeap() -> Heap {
        let heap = Heap()
        heap.disable()
        heap._checksInvariantsAfterEachCollection = true
        return heap
    }

    @Test func aWeakReferenceReturnsTheObjectUntilARCFreesIt() {
        let heap = makeHeap()
        var calls: [String] = []
        var reference: WeakRef<LinkNode>?
        do {
            let node = LinkNode(heap: heap)
            reference = WeakRef(node) { dead in
                calls.append("callback, object \(dead.object == nil ? "nil" : "alive")")
            }
            #expect(reference?.object === node)
            #expect(reference?() === node)
            #expect(reference?.isAlive == true)
            #expect(WeakRef<LinkNode>.count(of: node) == 1)
            #expect(heap.isTracked(reference!), "a weak reference is tracked in its referent's heap")
        }
        #expect(calls == ["callback, object nil"])
        #expect(reference?.object == nil)
        #expect(reference?.isAlive == false)
        #expect(reference?.hasCallback == false)
    }

    @Test func callbacksRunMostRecentFirst() {
        let heap = makeHeap()
        var order: [Int] = []
        var references: [WeakRef<LinkNode>] = []
        do {
            let node = LinkNode(heap: heap)
            for index in 1...3 {
                references.append(WeakRef(node) { _ in order.append(index) })
            }
            #expect(WeakRef<LinkNode>.count(of: node) == 3)
        }
        #expect(order == [3, 2, 1])
    }

    @Test func aGarbageWeakReferenceToAnUntrackedObjectNeverCallsBack() {
        let heap = Heap()
        heap.disable()
        var ran = false
        do {
            let a = UntrackedWatcher(heap: heap)
            let b = UntrackedWatcher(heap: heap)
            a.next = b
            b.next = a
            let leaf = PlainLeaf(heap: heap)
            #expect(!heap.isTracked(leaf))
            a.leaf = leaf
            a.watch = WeakRef(leaf) { _ in ran = true }
            #expect(!heap.isTracked(a.watch!))
        }
        // Clearing `a` frees the leaf while `a.watch`, garbage too, is still alive: its
        // callback waits for the end of the clearing, by which time the reference is gone.
        #expect(heap.collect() == 2)
        #expect(!ran)
    }

    @Test func aLiveWeakReferenceToAnUntrackedObjectFreedByAClearingCallsBackAfterIt() {
        let heap = Heap()
        heap.disable()
        var clearedWhenCalled = false
        var ran = false
        weak var observedA: UntrackedWatcher?
        let watch: WeakRef<PlainLeaf>
        do {
            let a = UntrackedWatcher(heap: heap)
            let b = UntrackedWatcher(heap: heap)
            a.next = b
            b.next = a
            let leaf = PlainLeaf(heap: heap)
            a.leaf = leaf
            observedA = a
            watch = WeakRef(leaf) { _ in
                ran = true
                if observedA == nil { clearedWhenCalled = true }
            }
        }
        #expect(heap.collect() == 2)
        #expect(ran)
        #expect(clearedWhenCalled, "the callback ran before the garbage was released")
        #expect(watch.object == nil)
    }

    @Test func aWeakReferenceThatDiesFirstIsForgotten() {
        let heap = makeHeap()
        var called = false
        let node = LinkNode(heap: heap)
        do {
            _ = WeakRef(node) { _ in called = true }
        }
        #expect(WeakRef<LinkNode>.count(of: node) == 0)
        _ = consume node
        #expect(!called)
    }

    @Test func aCollectionClearsWeakReferencesToGarbageAndRunsOutsideCallbacks() {
        let heap = makeHeap()
        var calls = 0
        var outside: WeakRef<LinkNode>?
        do {
            let a = LinkNode(heap: heap)
            let b = LinkNode(heap: heap)
            a.next = b
            b.next = a
            outside = WeakRef(a) { _ in calls += 1 }
        }
        #expect(outside?.object != nil, "a cycle is alive until collected")
        #expect(heap.collect() == 2)
        #expect(outside?.object == nil)
        #expect(calls == 1)
    }

    @Test func aWeakReferenceInsideTheGarbageNeverCallsBack() {
        let heap = makeHeap()
        var calls: [String] = []
        let live = LinkNode(heap: heap)
        do {
            let a = WeakHolder(heap: heap)
            let b = WeakHolder(heap: heap)
            a.next = b
            b.next = a
            a.reference = WeakRef(b) { _ in calls.append("inside") }
            // A weak reference held by garbage to a live object: cleared silently too.
            b.reference = WeakRef(live) { _ in calls.append("to live") }
        }
        #expect(heap.collect() == 4, "a, b and their two weak references")
        #expect(calls.isEmpty)
        #expect(WeakRef<LinkNode>.count(of: live) == 0)
        _ = consume live
        #expect(calls.isEmpty, "its callback can never run later either")
    }

    @Test func callbacksSeeEveryWeakReferenceToTheGarbageAlreadyCleared() {
        let heap = makeHeap()
        let unrelated = LinkNode(heap: heap)
        var seen: [String] = []
        var first: WeakRef<LinkNode>?
        var second: WeakRef<LinkNode>?
        let toUnrelated = WeakRef(unrelated)
        do {
            let a = LinkNode(heap: heap)
            let b = LinkNode(heap: heap)
            a.next = b
            b.next = a
            first = WeakRef(a) { _ in
                seen.append("second \(second?.object == nil ? "cleared" : "set")")
                seen.append("unrelated \(toUnrelated.object === unrelated ? "set" : "cleared")")
            }
            second = WeakRef(b)
        }
        #expect(heap.collect() == 2)
        #expect(seen == ["second cleared", "unrelated set"])
        #expect(first?.object == nil)
    }

    @Test func aCallbackThatResurrectsKeepsTheGroupUncleared() {
        let heap = makeHeap()
        let journal = Journal()
        let rescue = Rescue()
        let back = SwiftWeakBox()
        var reference: WeakRef<Phoenix>?
        do {
            let a = Phoenix("a", heap: heap, journal: journal)
            let b = Phoenix("b", heap: heap, journal: journal)
            a.next = b
            b.next = a
            back.object = a
            reference = WeakRef(a) { _ in
                // Swift's own weak reference still reaches the object: save it.
                if let object = back.object { rescue.saved.append(object) }
            }
        }
        #expect(heap.collect() == 0)
        #expect(heap.stats[2].resurrected == 2)
        #expect(reference?.object == nil, "cleared before the callback; it stays cleared")
        #expect(journal.events.sorted() == ["finalize a", "finalize b"], "finalizers still ran")
        #expect(((rescue.saved.first as? Phoenix)?.next as? Phoenix)?.name == "b")
        rescue.saved.removeAll()
        #expect(heap.collect() == 2, "unreachable again: collected without running finalizers again")
        #expect(journal.events.filter { $0.hasPrefix("finalize") }.count == 2)
    }

    @Test func weakReferencesCreatedByFinalizersToGarbageAreClearedBeforeClear() {
        let heap = makeHeap()
        let journal = Journal()
        var late: WeakRef<Phoenix>?
        var lateCalled = false
        do {
            let a = Phoenix("a", heap: heap, journal: journal)
            a.next = a
            a.onFinalize = { a in late = WeakRef(a) { _ in lateCalled = true } }
        }
        #expect(heap.collect() == 1)
        #expect(late?.object == nil)
        #expect(!lateCalled, "cleared without its callback, as CPython does")
        #expect(journal.events == ["finalize a", "clear a", "deinit a"])
    }

    @Test func aWeakReferenceToAnObjectOfADestroyedHeapIsUntracked() {
        var heap: Heap? = Heap()
        let node = LinkNode(heap: heap!)
        heap = nil
        let reference = WeakRef(node)
        #expect(reference.object === node)
        #expect(!Heap().isTracked(reference))
    }
}

/// A tracked node that holds a weak reference (and reports it: it is a tracked object).
final class WeakHolder: GCObject {
    var next: GCObject?
    var reference: GCObject?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
        if let reference { visit(reference) }
    }

    override func clear() {
        next = nil
        reference = nil
    }
}

/// Never overrides `traverse`: not tracked.
final class PlainLeaf: GCObject {
    var value = 0
}

/// Holds a plain leaf and a weak reference to it, in a cycle with another watcher.
final class UntrackedWatcher: GCObject {
    var next: UntrackedWatcher?
    var leaf: PlainLeaf?
    var watch: WeakRef<PlainLeaf>?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
        if let leaf { visit(leaf) }
        if let watch { visit(watch) }
    }

    override func clear() {
        next = nil
        leaf = nil
        watch = nil
    }
}
