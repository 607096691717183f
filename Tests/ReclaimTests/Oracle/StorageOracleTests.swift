import Reclaim
import ReclaimTestSupport
import Testing

/// Randomized proof that the collector stays exact under Swift's value semantics, against
/// `StorageModel`: nodes keep their references in arrays, dictionaries, sets and nested arrays
/// whose storage is copied between nodes, into the test's locals and into plain holders; the
/// nodes live in two heaps with references between them; and some nodes' finalizers collect,
/// often while ARC frees them in the middle of a container's write. After every operation the
/// live nodes are exactly the model's; every collection finds exactly the model's garbage and
/// never clears a node the program can reach; a collection requested during a release waits
/// for the next allocation in its heap, as the model predicts; and the real containers share
/// storage exactly as the model says.
@Suite struct StorageOracleTests {
    /// What a batch of seeds exercised, so that a batch that stops covering an outcome fails.
    struct Coverage {
        var collected = 0
        var pendingRan = 0
        var sharedCopies = 0
        var crossHeapSurvivors = 0
    }

    /// 4 batches × 3 seeds × 600 operations; batches run in parallel.
    @Test(arguments: 0..<4)
    func containersSharedAnyWayCollectExactlyWhatTheModelPredicts(batch: UInt64) {
        var coverage = Coverage()
        for seed in (batch * 3)..<(batch * 3 + 3) {
            checkOneWorld(seed: seed, coverage: &coverage)
        }
        #expect(coverage.collected > 0, "batch \(batch): nothing was ever collected")
        #expect(coverage.sharedCopies > 0, "batch \(batch): no container was ever shared")
        #expect(coverage.pendingRan > 0, "batch \(batch): no deferred collection ran at an allocation")
        #expect(coverage.crossHeapSurvivors > 0, "batch \(batch): no cycle across heaps survived")
    }

    private func checkOneWorld(seed: UInt64, coverage: inout Coverage) {
        var rng = SplitMix64(seed: 0x5EED_0000 &+ seed)
        var world = StorageWorld()

        for step in 0..<600 {
            let before = world.reachableNodes()
            let operation = applyRandomOperation(&world, rng: &rng, coverage: &coverage)
            let context = "seed \(seed) step \(step) (\(operation))"
            #expect(world.record.cleared.isDisjoint(with: before), "\(context): cleared a reachable node")
            #expect(world.actualAlive() == world.model.aliveNodes, "\(context): alive nodes")
            for heap in 0...1 {
                #expect(
                    (world.heaps[heap].deferredCollectionGeneration != nil) == world.model.pending[heap],
                    "\(context): heap \(heap) deferred collection"
                )
            }
            let sharing = world.sharingProblems()
            #expect(sharing.isEmpty, "\(context): \(sharing)")
            if !sharing.isEmpty { return }
        }

        // Without roots, the collections free everything but cycles across the two heaps.
        while !world.roots.isEmpty { world.dropRoot(at: world.roots.count - 1) }
        for _ in 0..<10 {
            let first = world.collect(heap: 0)
            let second = world.collect(heap: 1)
            #expect(first.found == first.predicted && second.found == second.predicted, "seed \(seed): teardown")
            #expect(world.actualAlive() == world.model.aliveNodes, "seed \(seed): teardown alive nodes")
            coverage.collected += first.found + second.found
            if first.found == 0 && second.found == 0 { break }
        }
        coverage.crossHeapSurvivors += world.model.aliveNodes.count
        world.breakAllNodes()
        for heap in world.heaps { heap.collect() }
        #expect(world.actualAlive().isEmpty, "seed \(seed): nodes outlived the test")
    }

    /// Applies one random operation to the world and its model; returns its name.
    private func applyRandomOperation(
        _ world: inout StorageWorld,
        rng: inout SplitMix64,
        coverage: inout Coverage
    ) -> String {
        let reachable = world.reachableNodes().sorted()
        func pick() -> Int? { reachable.randomElement(using: &rng) }
        let container = StorageModel.Container.allCases.randomElement(using: &rng) ?? .list
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<18:
            let heap = Int.random(in: 0...1, using: &rng)
            let hadPending = world.model.pending[heap]
            let node = world.addNode(heap: heap, collectsWhenFinalized: Int.random(in: 0..<5, using: &rng) == 0)
            if hadPending { coverage.pendingRan += 1 }
            if let owner = pick(), Bool.random(using: &rng) {
                world.append(node.id, to: owner, container)
            } else {
                world.addRootNode(node)
            }
            return "add node \(node.id) in heap \(heap)"
        case 18..<40:
            guard let source = pick(), let target = pick() else { return "none" }
            world.append(target, to: source, container)
            return "append \(target) to \(source).\(container)"
        case 40..<52:
            guard let source = pick() else { return "none" }
            world.remove(Int.random(in: 0..<100, using: &rng), from: source, container)
            return "remove from \(source).\(container)"
        case 52..<62:
            guard let source = pick(), let destination = pick() else { return "none" }
            world.copy(container, from: source, to: destination)
            coverage.sharedCopies += 1
            return "copy \(source).\(container) to \(destination)"
        case 62..<68:
            guard let source = pick() else { return "none" }
            world.copyToRoots(container, of: source)
            return "copy \(source).\(container) to a local"
        case 68..<74:
            guard let source = pick() else { return "none" }
            let node = Bool.random(using: &rng) ? pick() : nil
            let owner = Bool.random(using: &rng) ? pick() : nil
            world.addHolder(copying: container, of: source, node: node, ownedBy: owner)
            return "holder with \(source).\(container)"
        case 74..<80:
            guard let source = pick() else { return "none" }
            world.empty(container, of: source)
            return "empty \(source).\(container)"
        case 80..<86:
            guard let source = pick() else { return "none" }
            world.setNext(of: source, to: Bool.random(using: &rng) ? pick() : nil)
            return "next of \(source)"
        case 86..<94:
            guard !world.roots.isEmpty else { return "none" }
            world.dropRoot(at: Int.random(in: 0..<world.roots.count, using: &rng))
            return "drop a root"
        default:
            let heap = Int.random(in: 0...1, using: &rng)
            let result = world.collect(heap: heap)
            #expect(
                result.found == result.predicted,
                "collect heap \(heap): found \(result.found), model \(result.predicted)"
            )
            coverage.collected += result.found
            return "collect heap \(heap)"
        }
    }
}
