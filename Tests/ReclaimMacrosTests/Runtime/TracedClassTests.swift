import ReclaimMacros
import Testing

@Traced final class ListNode: GCObject {
    var next: ListNode?
    var label = ""
}

@Suite struct TracedClassTests {
    @Test func aCycleOfTracedNodesIsCollected() {
        let heap = Heap()
        weak var observed: ListNode?
        do {
            let a = ListNode(heap: heap)
            let b = ListNode(heap: heap)
            a.next = b
            b.next = a
            observed = a
        }
        #expect(observed != nil)
        #expect(heap.collect() == 2)
        #expect(observed == nil)
    }
}
