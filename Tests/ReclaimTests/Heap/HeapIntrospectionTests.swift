import Reclaim
import Testing

@Suite struct HeapIntrospectionTests {
    @Test func objectsListsTrackedObjectsPerGeneration() {
        let heap = Heap()
        heap.disable()
        let a = LinkNode(heap: heap)
        heap.collect(generation: 0)
        let b = LinkNode(heap: heap)
        #expect(heap.objects().count == 2)
        #expect(heap.objects(generation: 0).map(ObjectIdentifier.init) == [ObjectIdentifier(b)])
        #expect(heap.objects(generation: 1).map(ObjectIdentifier.init) == [ObjectIdentifier(a)])
        #expect(heap.objects(generation: 2).isEmpty)
        #expect(heap.trackedCount == 2)
    }

    @Test func referrersAndReferentsFollowTraverse() {
        let heap = Heap()
        let a = LinkNode(heap: heap)
        let b = LinkNode(heap: heap)
        let c = LinkNode(heap: heap)
        a.next = c
        b.next = c
        let referrers = heap.referrers(of: c).map(ObjectIdentifier.init)
        #expect(Set(referrers) == [ObjectIdentifier(a), ObjectIdentifier(b)])
        #expect(heap.referrers(of: a).isEmpty)
        #expect(heap.referents(of: a, b).map(ObjectIdentifier.init) == [ObjectIdentifier(c), ObjectIdentifier(c)])
        #expect(heap.referents(of: c).isEmpty)
    }

    @Test func isTrackedIsPerHeapAndEndsWithTheObject() {
        let heap = Heap()
        let other = Heap()
        let node = LinkNode(heap: heap)
        #expect(heap.isTracked(node))
        #expect(!other.isTracked(node))
    }

    @Test func freezeMovesEverythingOutOfReach() {
        let heap = Heap()
        heap.disable()
        weak var weakNode: LinkNode?
        do {
            let node = LinkNode(heap: heap)
            node.next = node
            weakNode = node
        }
        heap.freeze()
        #expect(heap.freezeCount == 1)
        #expect(heap.objects().isEmpty)
        #expect(heap.counts == (0, 0, 0))
        #expect(heap.collect() == 0, "frozen objects are never collected")
        #expect(weakNode != nil)
        heap.unfreeze()
        #expect(heap.freezeCount == 0)
        #expect(heap.objects(generation: 2).count == 1)
        #expect(heap.collect() == 1)
        #expect(weakNode == nil)
        heap._checkInvariants()
    }

    @Test func referencesFromFrozenObjectsKeepYoungObjectsAlive() {
        let heap = Heap()
        heap.disable()
        let frozen = LinkNode(heap: heap)
        heap.freeze()
        do {
            let young = LinkNode(heap: heap)
            young.next = young
            frozen.next = young
        }
        #expect(heap.collect() == 0)
        #expect(frozen.next?.next === frozen.next)
        frozen.next?.next = nil
    }

    @Test func frozenObjectsThatDieAreUntracked() {
        let heap = Heap()
        var nodes = (0..<10).map { _ in LinkNode(heap: heap) }
        heap.freeze()
        nodes.removeAll()
        #expect(heap.freezeCount == 0)
        heap._checkInvariants()
    }

    @Test func refcountCountsStrongReferences() {
        let heap = Heap()
        let node = LinkNode(heap: heap)
        let before = GC.refcount(of: node)
        let alias = node
        let holder = LinkNode(heap: heap)
        holder.next = node
        let after = GC.refcount(of: node)
        #expect(after - before == 2)
        withExtendedLifetime(alias) {}
    }

    @Test func manyUntracksCompactTheLists() {
        let heap = Heap()
        heap.disable()
        var nodes = (0..<20_000).map { _ in LinkNode(heap: heap) }
        heap.collect()
        nodes.removeFirst(15_000)
        #expect(heap.trackedCount == 5000)
        heap._checkInvariants()
        #expect(heap.collect() == 0)
        #expect(heap.objects(generation: 2).count == 5000)
    }
}
