import Reclaim
import ReclaimTestSupport
import Testing

/// Randomized proof of the collector's two promises against `ReachabilityModel`: it never
/// clears an object the program can still reach, and it breaks every unreachable cycle among
/// tracked objects (references from untracked objects count as outside references).
@Suite struct OracleTests {
    /// 10 batches × 1 000 graphs; batches run in parallel.
    @Test(arguments: 0..<10)
    func randomGraphsCollectExactlyWhatTheModelPredicts(batch: Int) {
        for graph in 0..<1000 {
            let seed = UInt64(batch * 1000 + graph)
            checkOneGraph(seed: seed)
        }
    }

    private func checkOneGraph(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let heap = Heap()
        heap.disable()
        heap._checksInvariantsAfterEachCollection = true
        let record = LifeRecord()
        var graph = RandomGraphBuilder.build(rng: &rng, heap: heap, record: record)
        let allIDs = Set(0..<graph.nodeCount)
        #expect(allIDs.subtracting(record.freed) == graph.model.aliveNodes, "seed \(seed): ARC model")

        for round in 0..<10 {
            let reachable = graph.model.reachableNodes()
            do {
                // The dry run's answer holds its objects; it is released before the collection.
                let dryRun = heap.unreachableObjects()
                let dryRunIDs = Set(dryRun.compactMap { ($0 as? GraphNode)?.id })
                #expect(
                    dryRunIDs == graph.model.unreachableNodes() && dryRunIDs.count == dryRun.count,
                    "seed \(seed) round \(round): unreachableObjects() \(dryRunIDs.sorted())"
                )
            }
            let predicted = graph.model.applyCollection()
            let found = heap.collect()
            #expect(found == predicted.count, "seed \(seed) round \(round): found \(found), predicted \(predicted)")
            #expect(record.cleared.isDisjoint(with: reachable), "seed \(seed): cleared a reachable object")
            #expect(
                allIDs.subtracting(record.freed) == graph.model.aliveNodes,
                "seed \(seed) round \(round): alive \(allIDs.subtracting(record.freed)), model \(graph.model.aliveNodes)"
            )
            if predicted.isEmpty { break }
        }
        #expect(heap.collect() == 0, "seed \(seed): a second collection found more garbage")
        withExtendedLifetime(graph) {}
        graph = RandomGraphBuilder.Graph(roots: [], rootBoxes: [], model: graph.model, nodeCount: graph.nodeCount)
        heap.breakRemainingGraphNodes()
        #expect(record.freed.count == graph.nodeCount, "seed \(seed): nodes outlived the test")
    }

    /// Random mutations (new nodes, edges, roots and boxes, dropped edges, roots and boxes)
    /// with tiny thresholds, so automatic collections of every generation run between them.
    @Test(arguments: 0..<8)
    func mutationsInterleavedWithAutomaticCollections(seed: UInt64) {
        var rng = SplitMix64(seed: 0xC0FFEE &+ seed)
        let heap = Heap()
        heap.thresholds = (Int.random(in: 3...12, using: &rng), Int.random(in: 1...4, using: &rng), 2)
        heap._checksInvariantsAfterEachCollection = true
        let record = LifeRecord()
        var world = MutationWorld(heap: heap, record: record)

        for step in 0..<600 {
            world.applyRandomOperation(rng: &rng)
            let reachable = world.model.reachableNodes()
            #expect(record.cleared.isDisjoint(with: reachable), "seed \(seed) step \(step): cleared a reachable object")
            #expect(record.freed.isDisjoint(with: reachable), "seed \(seed) step \(step): freed a reachable object")
            #expect(record.cleared.isSubset(of: record.freed), "seed \(seed) step \(step): cleared but alive")
            world.model.forgetFreedNodes(record.freed)
            #expect(world.actualAlive() == world.model.aliveNodes, "seed \(seed) step \(step): alive set")
        }
        #expect(heap.stats[0].collections > 0)
        world.dropAllRoots()
        for _ in 0..<10 {
            let predicted = world.model.applyCollection()
            #expect(heap.collect() == predicted.count, "seed \(seed): final collection")
            #expect(world.actualAlive() == world.model.aliveNodes, "seed \(seed): final alive set")
            if predicted.isEmpty { break }
        }
        heap.breakRemainingGraphNodes()
        #expect(world.actualAlive().isEmpty, "seed \(seed): nodes outlived the test")
    }
}
