import Reclaim
import ReclaimTestSupport
import Testing

/// The working memory a collection that found garbage keeps for the next one
/// (`Heap+SpareMemory.swift`): counted in the footprint, reused when it fits, freed when not.
@Suite struct HeapSpareMemoryTests {
    static let ringSize = 20_000

    /// A ring of `count` nodes that nothing else references.
    private static func dropRing(of count: Int, in heap: Heap) {
        let nodes = (0..<count).map { _ in LinkNode(heap: heap) }
        for index in nodes.indices {
            nodes[index].next = nodes[(index + 1) % count]
        }
    }

    /// A heap whose collection of a dropped ring of `ringSize` nodes kept its memory; with
    /// the footprint of the empty heap and the bytes kept.
    private static func heapKeepingARingsMemory() -> (heap: Heap, empty: Int, kept: Int) {
        let heap = Heap()
        heap.disable()
        let empty = heap.collectorMemoryFootprint
        dropRing(of: ringSize, in: heap)
        #expect(heap.collect() == ringSize)
        return (heap, empty, heap.collectorMemoryFootprint - empty)
    }

    @Test func garbageListMemoryIsKeptAndCountedUntilACollectionThatCannotUseIt() {
        let (heap, empty, kept) = Self.heapKeepingARingsMemory()
        // The ring's references were recorded in room for two per node: 8 bytes each.
        #expect(kept >= Self.ringSize * 8)
        #expect(heap.collect() == 0)
        #expect(heap.collectorMemoryFootprint - empty == kept, "a collection with no candidates keeps it")

        // One candidate needs 8 bytes; the block is far larger than that, and is freed.
        let survivor = LinkNode(heap: heap)
        #expect(heap.collect() == 0)
        #expect(heap.collectorMemoryFootprint - empty < kept - Self.ringSize * 4)
        withExtendedLifetime(survivor) {}
        heap._checkInvariants()
    }

    @Test func aCollectionOfTheSameSizeKeepsOneBlock() {
        let (heap, empty, kept) = Self.heapKeepingARingsMemory()
        Self.dropRing(of: Self.ringSize, in: heap)
        #expect(heap.collect() == Self.ringSize)
        #expect(heap.collectorMemoryFootprint - empty == kept, "one block, handed from one collection to the next")
        heap._checkInvariants()
    }

    /// Collections of every size, some with more references than the kept memory has room
    /// for (the buffer then grows out of it), each over memory the previous one wrote its
    /// garbage list in: every garbage node is freed, every live node and its references kept.
    @Test(arguments: [1, 2, 3])
    func collectionsInKeptMemoryFindExactlyTheGarbage(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let heap = Heap()
        heap.disable()
        heap._checksInvariantsAfterEachCollection = true
        let record = LifeRecord()
        var live: [GraphNode] = []
        var nextID = 0
        for _ in 0..<12 {
            let garbageCount = Int.random(in: 1...12_000, using: &random)
            let fanOut = Int.random(in: 1...7, using: &random)
            var garbageIDs: Set<Int> = []
            do {
                let garbage = (0..<garbageCount).map { _ in
                    defer { nextID += 1 }
                    return GraphNode(id: nextID, record: record, heap: heap)
                }
                for (position, node) in garbage.enumerated() {
                    garbageIDs.insert(node.id)
                    // A ring, so that only the collector can free them, and more references.
                    node.edges.append(garbage[(position + 1) % garbageCount])
                    for _ in 1..<fanOut {
                        node.edges.append(garbage[Int.random(in: 0..<garbageCount, using: &random)])
                    }
                    if !live.isEmpty, Bool.random(using: &random) {
                        node.edges.append(live[Int.random(in: 0..<live.count, using: &random)])
                    }
                }
            }
            for _ in 0..<Int.random(in: 0...3_000, using: &random) {
                let node = GraphNode(id: nextID, record: record, heap: heap)
                nextID += 1
                if !live.isEmpty {
                    node.edges.append(live[Int.random(in: 0..<live.count, using: &random)])
                }
                live.append(node)
            }
            let freedBefore = record.freed
            let found = heap.collect(generation: Int.random(in: 0...2, using: &random))
            #expect(found == garbageCount)
            let freedExactlyTheGarbage = record.freed.subtracting(freedBefore) == garbageIDs
            #expect(freedExactlyTheGarbage)
            #expect(live.allSatisfy { record.isAlive($0.id) })
        }
        let liveIDs = Set(live.map(\.id))
        let freedBefore = record.freed
        live.removeAll()
        #expect(heap.collect() == 0, "acyclic: ARC freed the live nodes")
        let freedExactlyTheLiveNodes = record.freed.subtracting(freedBefore) == liveIDs
        #expect(freedExactlyTheLiveNodes)
    }
}
