import Reclaim
import Testing

/// The `GC` namespace acts on the calling thread's default heap; each test runs on a new
/// thread so it starts from an empty heap.
@Suite struct GCNamespaceTests {
    @Test func collectFindsCyclesOfTheDefaultHeap() {
        onFreshThread {
            weak var weakNode: LinkNode?
            do {
                let a = LinkNode()
                let b = LinkNode()
                a.next = b
                b.next = a
                weakNode = a
                #expect(GC.isTracked(a))
                #expect(Heap.current.isTracked(a))
            }
            #expect(GC.collect() == 2)
            #expect(weakNode == nil)
            #expect(GC.stats[2].collected == 2)
        }
    }

    @Test func settingsAndCountersActOnTheDefaultHeap() {
        onFreshThread {
            #expect(GC.isEnabled)
            #expect(GC.thresholds == (10000, 10, 10))
            GC.disable()
            #expect(!GC.isEnabled)
            GC.thresholds = (50, 5, 5)
            #expect(Heap.current.thresholds == (50, 5, 5))
            let nodes = (0..<60).map { _ in LinkNode() }
            #expect(GC.counts == (60, 0, 0))
            GC.enable()
            let more = LinkNode()
            #expect(GC.counts == (0, 1, 0))
            #expect(GC.objects(generation: 1).count == 60)
            #expect(GC.objects().count == 61)
            GC.collect(generation: 0)
            #expect(GC.objects(generation: 1).count == 61)
            withExtendedLifetime((nodes, more)) {}
        }
    }

    @Test func referrersReferentsAndFreezeActOnTheDefaultHeap() {
        onFreshThread {
            let a = LinkNode()
            let b = LinkNode()
            a.next = b
            #expect(GC.referrers(of: b).map(ObjectIdentifier.init) == [ObjectIdentifier(a)])
            #expect(GC.referents(of: a).map(ObjectIdentifier.init) == [ObjectIdentifier(b)])
            GC.freeze()
            #expect(GC.freezeCount == 2)
            #expect(GC.referrers(of: b).isEmpty, "frozen objects are not searched")
            GC.unfreeze()
            #expect(GC.freezeCount == 0)
        }
    }

    @Test func threadsHaveSeparateDefaultHeaps() {
        onFreshThread {
            let node = LinkNode()
            let mine = ObjectIdentifier(Heap.current)
            onFreshThread {
                #expect(GC.objects().isEmpty)
            }
            #expect(ObjectIdentifier(Heap.current) == mine)
            #expect(GC.objects().count == 1)
            withExtendedLifetime(node) {}
        }
    }
}
