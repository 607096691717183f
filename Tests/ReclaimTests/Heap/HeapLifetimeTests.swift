import Reclaim
import Testing

/// A heap whose last owner is its own garbage stays alive until the collection that frees
/// that garbage is over, then goes and untracks what is left.
@Suite struct HeapLifetimeTests {
    /// An object of a cycle that may own a heap.
    private final class Owner: GCObject {
        var heap: Heap?
        var partner: Owner?

        override func traverse(_ visit: (GCObject) -> Void) {
            if let partner { visit(partner) }
        }

        override func clear() {
            partner = nil
            heap = nil
        }
    }

    @Test func aHeapOwnedOnlyByItsGarbageOutlivesTheAllocationThatCollectsIt() {
        weak var weakHeap: Heap?
        let neighbor: Owner
        do {
            let heap = Heap()
            heap.thresholds = (4, 10, 10)
            weakHeap = heap
            neighbor = Owner(heap: heap)
            let first = Owner(heap: heap)
            let second = Owner(heap: heap)
            first.partner = second
            second.partner = first
            first.heap = heap
        }
        #expect(weakHeap != nil, "the garbage cycle owns the heap")

        // Allocations next to `neighbor` reach threshold 0; the collection they run frees the
        // cycle and with it the heap's last owner, in the middle of tracking the new object.
        var created: [Owner] = []
        for _ in 0..<8 where weakHeap != nil {
            created.append(Owner(sameHeapAs: neighbor))
        }
        #expect(weakHeap == nil, "the collection freed the cycle that owned the heap")
        #expect(created.count >= 2)
        for object in created + [neighbor] {
            #expect(!GC.isTracked(object), "a heap's deinit untracks the objects it leaves behind")
        }
    }

    @Test func aFinalizerThatDropsTheLastReferenceToItsHeapLeavesTheCollectionRunning() {
        weak var weakHeap: Heap?
        let keeper = HeapKeeper()
        do {
            let heap = Heap()
            heap.disable()
            weakHeap = heap
            keeper.heap = heap
            let first = Finalizing(heap: heap)
            let second = Finalizing(heap: heap)
            first.partner = second
            second.partner = first
            first.onFinalize = { keeper.heap = nil }
        }
        #expect(weakHeap != nil)
        // The call holds the heap it read from `keeper` until it returns.
        let collected = keeper.heap?.collect()
        #expect(collected == 2)
        #expect(weakHeap == nil)
    }

    private final class HeapKeeper {
        var heap: Heap?
    }

    private final class Finalizing: GCObject {
        var partner: Finalizing?
        var onFinalize: (() -> Void)?

        override func traverse(_ visit: (GCObject) -> Void) {
            if let partner { visit(partner) }
        }

        override func finalize() {
            onFinalize?()
            onFinalize = nil
        }

        override func clear() {
            partner = nil
        }
    }
}
