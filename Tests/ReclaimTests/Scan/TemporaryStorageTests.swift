import Reclaim
import Testing

/// Collections built inside `traverse` are temporaries: nothing holds them once it returns.
/// Their contents are not counted (only the reporter could say who holds them), the counts of
/// everything else are read once they are gone, and the heap says so.
@Suite struct TemporaryStorageTests {
    /// Reports its two arrays through one array built for the purpose.
    final class Combining: GCObject {
        var left: [GCObject] = []
        var right: [GCObject] = []

        override func traverse(_ visit: (GCObject) -> Void) {
            [left, right].traceReferences(visit)
        }

        override func clear() {
            left = []
            right = []
        }
    }

    /// Reports its array, then the same buffer again inside a temporary array.
    final class ReportingTwice: GCObject {
        var items: [GCObject] = []

        override func traverse(_ visit: (GCObject) -> Void) {
            items.traceReferences(visit)
            [items].traceReferences(visit)
        }

        override func clear() {
            items = []
        }
    }

    /// Reports its dictionary's values through an array built for the purpose.
    final class Registry: GCObject {
        var byName: [String: GCObject] = [:]

        override func traverse(_ visit: (GCObject) -> Void) {
            Array(byName.values).traceReferences(visit)
        }

        override func clear() {
            byName = [:]
        }
    }

    private func makeHeap(_ capture: LogCapture) -> Heap {
        let heap = Heap()
        heap.disable()
        heap.logger = capture.logger()
        heap._checksInvariantsAfterEachCollection = true
        return heap
    }

    @Test func aCollectionBuiltInTraverseIsNeverCountedAndTheHeapSaysSo() {
        let capture = LogCapture()
        let heap = makeHeap(capture)
        weak var weakHolder: Combining?
        do {
            let holder = Combining(heap: heap)
            let item = NeighborNode(heap: heap)
            item.next = holder
            holder.left = [item]
            weakHolder = holder
        }
        // The temporary's contents (the holder's own buffers) are not counted: the cycle is
        // kept, never cleared early.
        #expect(heap.collect() == 0)
        #expect(weakHolder?.left.count == 1, "nothing was cleared")
        #expect(heap.collect() == 0)
        let warnings = capture.lines.filter { $0.contains("a collection built inside traverse") }
        #expect(warnings.count == 1, "once per class and collection type: \(capture.lines)")
        #expect(
            warnings.first?.hasPrefix("warning: gc: traverse(_:) of Combining reported [[GCObject]] storage") == true,
            "\(warnings)"
        )
        #expect(warnings.first?.contains("report each stored property with traceReferences(visit)") == true)
        weakHolder?.clear()
    }

    @Test func aCollectionBuiltFromStorageALocalSharesNeverGetsItsElementsCleared() {
        let capture = LogCapture()
        let heap = makeHeap(capture)
        var snapshot: [String: GCObject] = [:]
        do {
            let registry = Registry(heap: heap)
            let item = NeighborNode(heap: heap)
            item.next = registry
            registry.byName = ["item": item]
            snapshot = registry.byName  // shares the dictionary's storage
        }
        // The item's only strong reference is the shared dictionary storage, which the
        // registry's traverse never reports (it reports a temporary array): the item must not
        // look unreachable, in any build.
        #expect(heap.collect() == 0)
        #expect((snapshot["item"] as? NeighborNode)?.next is Registry, "nothing was cleared")
        (snapshot["item"] as? NeighborNode)?.next = nil
        snapshot = [:]
    }

    @Test func countsAreReadOnceTheTemporariesAreGone() {
        let capture = LogCapture()
        let heap = makeHeap(capture)
        do {
            let holder = ReportingTwice(heap: heap)
            let item = NeighborNode(heap: heap)
            item.next = holder
            holder.items = [item]
        }
        // The buffer is counted once (the temporary's reference to it is not), with the count
        // it has once the temporary is gone: exact, so the cycle is freed.
        #expect(heap.collect() == 2)
        #expect(heap.stats[2].refused == 0)
    }
}
