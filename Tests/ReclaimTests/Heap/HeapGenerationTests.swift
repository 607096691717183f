import Reclaim
import Testing

@Suite struct HeapGenerationTests {
    private func heapWithoutAutomaticCollection() -> Heap {
        let heap = Heap()
        heap.disable()
        heap._checksInvariantsAfterEachCollection = true
        return heap
    }

    private func generation(of object: GCObject, in heap: Heap) -> Int? {
        (0...2).first { heap.objects(generation: $0).contains { $0 === object } }
    }

    @Test func survivorsMoveUpOneGenerationPerCollection() {
        let heap = heapWithoutAutomaticCollection()
        let node = LinkNode(heap: heap)
        #expect(generation(of: node, in: heap) == 0)
        heap.collect(generation: 0)
        #expect(generation(of: node, in: heap) == 1)
        heap.collect(generation: 1)
        #expect(generation(of: node, in: heap) == 2)
        heap.collect(generation: 2)
        #expect(generation(of: node, in: heap) == 2)
    }

    @Test func collectingAGenerationIncludesTheYoungerOnes() {
        let heap = heapWithoutAutomaticCollection()
        let old = LinkNode(heap: heap)
        heap.collect(generation: 0)
        let young = LinkNode(heap: heap)
        heap.collect(generation: 1)
        #expect(generation(of: old, in: heap) == 2)
        #expect(generation(of: young, in: heap) == 2)
    }

    @Test func aYoungCollectionLeavesOldGarbageAlone() {
        let heap = heapWithoutAutomaticCollection()
        weak var weakOld: LinkNode?
        do {
            let old = LinkNode(heap: heap)
            old.next = old
            weakOld = old
            heap.collect(generation: 0)
            heap.collect(generation: 1)
        }
        #expect(heap.collect(generation: 0) == 0)
        #expect(heap.collect(generation: 1) == 0)
        #expect(weakOld != nil)
        #expect(heap.collect(generation: 2) == 1)
        #expect(weakOld == nil)
    }

    @Test func aCycleSpanningGenerationsIsFoundByTheOlderCollection() {
        let heap = heapWithoutAutomaticCollection()
        weak var weakOld: LinkNode?
        do {
            let old = LinkNode(heap: heap)
            heap.collect(generation: 1)
            let young = LinkNode(heap: heap)
            old.next = young
            young.next = old
            weakOld = old
        }
        #expect(heap.collect(generation: 0) == 0, "the old member looks like an outside reference")
        #expect(heap.collect(generation: 2) == 2)
        #expect(weakOld == nil)
    }

    @Test func countsFollowCPythonsCounters() {
        let heap = heapWithoutAutomaticCollection()
        var nodes = (0..<5).map { _ in LinkNode(heap: heap) }
        #expect(heap.counts == (5, 0, 0))
        nodes.removeLast(2)
        #expect(heap.counts == (3, 0, 0), "count 0 is net allocations")
        heap.collect(generation: 0)
        #expect(heap.counts == (0, 1, 0))
        heap.collect(generation: 0)
        heap.collect(generation: 1)
        #expect(heap.counts == (0, 0, 1))
        heap.collect(generation: 2)
        #expect(heap.counts == (0, 0, 0))
        withExtendedLifetime(nodes) {}
    }

    @Test func exceedingThresholdZeroRunsAYoungCollection() {
        let heap = Heap()
        heap._checksInvariantsAfterEachCollection = true
        heap.thresholds = (10, 10, 10)
        var nodes: [LinkNode] = []
        for _ in 0..<10 { nodes.append(LinkNode(heap: heap)) }
        #expect(heap.stats[0].collections == 0)
        nodes.append(LinkNode(heap: heap))
        #expect(heap.stats[0].collections == 1)
        #expect(heap.counts.0 == 0)
        #expect(heap.objects(generation: 1).count == 10, "the object being created is tracked after the collection")
        #expect(heap.objects(generation: 0).count == 1)
    }

    @Test func automaticCollectionsCascadeToOlderGenerations() {
        let heap = Heap()
        heap.thresholds = (2, 2, 100)
        var nodes: [LinkNode] = []
        for _ in 0..<12 { nodes.append(LinkNode(heap: heap)) }
        // Each third allocation collects generation 0; every third of those collects 1.
        #expect(heap.stats[0].collections == 3)
        #expect(heap.stats[1].collections == 1)
        #expect(heap.stats[2].collections == 0)
        withExtendedLifetime(nodes) {}
    }

    @Test func automaticCollectionsFreeGarbageCycles() {
        let heap = Heap()
        heap.thresholds = (100, 10, 10)
        let record = LifeRecord()
        for id in 0..<1000 {
            let node = GraphNode(id: id, record: record, heap: heap)
            node.edges.append(node)
        }
        #expect(record.freed.count >= 900)
        #expect(heap.stats[0].collected + heap.stats[1].collected + heap.stats[2].collected == record.freed.count)
        heap.collect()
        #expect(record.freed.count == 1000)
    }

    @Test func theTwentyFivePercentRuleDefersFullCollections() {
        let heap = Heap()
        heap.thresholds = (5, 1, 1)
        heap._checksInvariantsAfterEachCollection = true
        var keep: [LinkNode] = []
        heap.disable()
        for _ in 0..<1000 { keep.append(LinkNode(heap: heap)) }
        // Every object is young: the full collection scans list 0 in place, and its survivors
        // become the generation the 25 % rule measures.
        heap.collect()
        heap.enable()
        let fullBefore = heap.stats[2].collections
        for _ in 0..<200 { keep.append(LinkNode(heap: heap)) }
        #expect(heap.stats[1].collections > 5, "generation 1 collections keep running")
        #expect(heap.stats[2].collections == fullBefore, "fewer than 25 % new long-lived objects: no full collection")
        for _ in 0..<200 { keep.append(LinkNode(heap: heap)) }
        #expect(heap.stats[2].collections > fullBefore, "past 25 %: a full collection runs")
    }

    @Test func thresholdZeroAndDisableBothStopAutomaticCollection() {
        let heap = Heap()
        heap.thresholds = (0, 10, 10)
        var nodes = (0..<100).map { _ in LinkNode(heap: heap) }
        #expect(heap.stats[0].collections == 0)
        heap.thresholds = (10, 10, 10)
        heap.disable()
        #expect(!heap.isEnabled)
        nodes += (0..<100).map { _ in LinkNode(heap: heap) }
        #expect(heap.stats[0].collections == 0)
        heap.enable()
        #expect(heap.isEnabled)
        nodes.append(LinkNode(heap: heap))
        #expect(heap.stats[0].collections == 1)
        #expect(heap.thresholds == (10, 10, 10))
    }

    @Test func statsRecordTimeAndCandidates() {
        let heap = heapWithoutAutomaticCollection()
        let nodes = (0..<50).map { _ in LinkNode(heap: heap) }
        heap.collect(generation: 0)
        #expect(heap.stats[0].candidates == 50)
        #expect(heap.stats[0].timeSpent > .zero)
        #expect(heap.stats[1] == GenerationStats())
        withExtendedLifetime(nodes) {}
    }
}
