import Reclaim
import ReclaimInspection
import Testing

@Suite struct LeakingObjectsTests {
    @Test func findsTheObjectsNoTrackedObjectRefersTo() {
        let heap = Heap()
        heap.disable()
        let top = Pair(heap: heap)
        top.first = Pair(heap: heap)
        top.second = top.first
        let selfReferencing = Pair(heap: heap)
        selfReferencing.first = selfReferencing
        let cycleEntry = Pair(heap: heap)
        cycleEntry.first = Pair(heap: heap)
        (cycleEntry.first as? Pair)?.first = cycleEntry
        let holder = UntrackedHolder(Window(heap: heap))
        do {
            let garbage = Pair(heap: heap)
            garbage.first = Pair(heap: heap)
            (garbage.first as? Pair)?.first = garbage
        }
        let leaking = ObjectGraph.leakingObjects(in: heap)
        #expect(leaking.map(ObjectIdentifier.init) == [ObjectIdentifier(top), ObjectIdentifier(holder.object!)])
        #expect(heap.trackedCount == 6, "the garbage cycle was collected first")
        withExtendedLifetime((selfReferencing, cycleEntry)) {}
        selfReferencing.first = nil
        cycleEntry.first = nil
    }
}
