import Reclaim
import Testing

@Suite struct HeapReachabilityTests {
    @Test func unreachableObjectsFindsCyclesWithoutCollectingThem() {
        let heap = Heap()
        heap.disable()
        let root = LinkNode(heap: heap)
        var cycleIdentifiers: Set<ObjectIdentifier> = []
        weak var weakCycleMember: LinkNode?
        do {
            let a = LinkNode(heap: heap)
            let b = LinkNode(heap: heap)
            a.next = b
            b.next = a
            root.next = LinkNode(heap: heap)
            cycleIdentifiers = [ObjectIdentifier(a), ObjectIdentifier(b)]
            weakCycleMember = a
        }
        do {
            let found = heap.unreachableObjects()
            #expect(Set(found.map(ObjectIdentifier.init)) == cycleIdentifiers)
            #expect(found.allSatisfy { ($0 as? LinkNode)?.next != nil }, "nothing was cleared")
        }
        #expect(heap.stats.allSatisfy { $0.collections == 0 })
        #expect(heap.objects(generation: 0).count == 4, "nothing was promoted")
        #expect(heap.collect() == 2)
        #expect(weakCycleMember == nil)
        #expect(heap.unreachableObjects().isEmpty)
        withExtendedLifetime(root) {}
    }

    @Test func objectsHeldFromOutsideAndWhatTheyReachAreNotReported() {
        let heap = Heap()
        do {
            let a = LinkNode(heap: heap)
            let b = LinkNode(heap: heap)
            a.next = b
            b.next = a
            #expect(heap.unreachableObjects().isEmpty)
            heap.freeze()
            let c = LinkNode(heap: heap)
            c.next = LinkNode(heap: heap)
            c.next?.next = c
            #expect(heap.unreachableObjects().isEmpty, "c is held by this test")
            withExtendedLifetime((a, c)) {}
        }
        #expect(heap.unreachableObjects().count == 2, "c's cycle, once the test lets go of it")
        heap.unfreeze()
        #expect(heap.collect() == 4)
    }

    @Test func whatAnOverReportingTypeReachesIsHeldBackAndTheRestIsFreed() {
        let heap = Heap()
        heap.disable()
        weak var weakLiar: OverReportingNode?
        var separateCycle: Set<ObjectIdentifier> = []
        do {
            let liar = OverReportingNode(heap: heap)
            let target = HookNode(heap: heap)
            liar.next = target
            target.next = liar
            weakLiar = liar
            let x = LinkNode(heap: heap)
            let y = LinkNode(heap: heap)
            x.next = y
            y.next = x
            separateCycle = [ObjectIdentifier(x), ObjectIdentifier(y)]
        }
        #expect(Set(heap.unreachableObjects().map(ObjectIdentifier.init)) == separateCycle)
        #expect(heap.collect() == 2, "the cycle the liar cannot reach is freed")
        #expect(heap.stats[2].refused == 1)
        #expect(heap.stats[2].heldBack == 2, "the liar and its target")
        #expect(weakLiar != nil)
        weakLiar?.next = nil
        #expect(weakLiar == nil, "without the liar's reference ARC frees both")
        #expect(heap.collect() == 0)
    }
}
