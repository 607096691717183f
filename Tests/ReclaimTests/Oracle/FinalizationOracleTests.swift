import Reclaim
import ReclaimTestSupport
import Testing

/// Randomized check of finalizers (PEP 442) and weak references with callbacks against
/// `FinalizationModel`: which weak references are cleared and call back, which finalizers run
/// (once ever), what they resurrect, what a collection returns and frees, and what ARC frees
/// between collections.
@Suite struct FinalizationOracleTests {
    /// Graphs per argument; the arguments run in parallel.
    static let graphsPerBatch = 400

    /// Random graphs of 5–40 nodes, about half with a finalizer, with weak references held by
    /// the test or by nodes; rounds of random mutations (dropped roots, boxes, edges and weak
    /// references; new edges, roots, nodes and weak references) and full collections, checked
    /// after every step; then every root is dropped and the rest collected.
    @Test(arguments: 0..<8)
    func finalizersAndWeakReferencesFollowTheModel(batch: Int) {
        var failures = 0
        var coverage = FinalizationModel.Coverage()
        for graph in 0..<Self.graphsPerBatch where failures < 3 {
            if !checkOneGraph(seed: UInt64(batch * 10_000 + graph), coverage: &coverage) { failures += 1 }
        }
        // The events the model predicts must actually have been exercised.
        let seeds = "seeds \(batch * 10_000)..<\(batch * 10_000 + Self.graphsPerBatch)"
        #expect(coverage.finalizersRunByCollections > 0, "\(seeds): \(coverage)")
        #expect(coverage.finalizersRunByARC > 0, "\(seeds): \(coverage)")
        #expect(coverage.callbacksRunByCollections > 0, "\(seeds): \(coverage)")
        #expect(coverage.callbacksRunByARC > 0, "\(seeds): \(coverage)")
        #expect(coverage.callbacksDroppedInGarbage > 0, "\(seeds): \(coverage)")
        #expect(coverage.collectionsWithResurrection > 0, "\(seeds): \(coverage)")
        #expect(coverage.resurrectedNodesCollectedLater > 0, "\(seeds): \(coverage)")
    }

    /// Runs one graph; returns false (after recording an issue) at the first discrepancy.
    private func checkOneGraph(seed: UInt64, coverage: inout FinalizationModel.Coverage) -> Bool {
        var rng = SplitMix64(seed: seed)
        let heap = Heap()
        heap.disable()
        heap._checksInvariantsAfterEachCollection = true
        var world = FinalizationWorld(heap: heap, rng: &rng)
        defer { coverage = coverage + world.model.coverage }
        let initialGraph = world.model.summary()
        var history = ["build"]

        func passes(_ problems: [String]) -> Bool {
            guard !problems.isEmpty else { return true }
            Issue.record(
                """
                seed \(seed), after \(history.joined(separator: "; ")):
                \(problems.joined(separator: "\n"))
                graph as built:
                \(initialGraph)
                graph now:
                \(world.model.summary())
                """
            )
            return false
        }

        func collectAndCheck() -> Bool {
            let resurrectedBefore = heap.stats[2].resurrected
            let eventsBefore = world.log.collectionEvents.count
            let prediction = world.predictCollection()
            let found = heap.collect()
            world.sortRoots()
            history.append("collect")
            var problems: [String] = []
            if found != prediction.found {
                problems.append(
                    """
                    collect() returned \(found), predicted \(prediction.found) \
                    (unreachable \(prediction.unreachable.sorted()), freed \(prediction.garbage.sorted()))
                    """
                )
            }
            let resurrected = heap.stats[2].resurrected - resurrectedBefore
            if resurrected != prediction.resurrected {
                problems.append("resurrected \(resurrected), predicted \(prediction.resurrected)")
            }
            let events = world.log.collectionEvents.dropFirst(eventsBefore)
            if let firstFinalizer = events.firstIndex(where: { if case .finalizer = $0 { true } else { false } }),
                events[firstFinalizer...].contains(where: { if case .callback = $0 { true } else { false } })
            {
                problems.append("a callback ran after a finalizer: \(Array(events))")
            }
            if !heap.garbage.isEmpty { problems.append("\(heap.garbage.count) objects in heap.garbage") }
            return passes(problems + mismatches(world))
        }

        guard passes(mismatches(world)) else { return false }
        for _ in 0..<6 {
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                history.append(world.applyRandomOperation(rng: &rng))
                guard passes(mismatches(world)) else { return false }
            }
            guard collectAndCheck() else { return false }
        }

        // Finalizers and callbacks of the final collections may rescue nodes again: drop
        // those roots too, until a collection rescues nothing.
        for _ in 0..<10 {
            world.dropAllRoots()
            history.append("drop all roots")
            guard passes(mismatches(world)), collectAndCheck() else { return false }
            if world.model.rootNodes.isEmpty { break }
        }
        // Only cycles through untracked boxes are left (by design nothing collects them).
        heap.breakRemainingGraphNodes()
        history.append("break remaining cycles")
        var problems: [String] = []
        if !world.actualAliveNodes().isEmpty {
            problems.append("nodes outlived the test: \(world.actualAliveNodes().sorted())")
        }
        if !world.actualAliveWeakRefs().isEmpty {
            problems.append("weak references outlived the test: \(world.actualAliveWeakRefs().sorted())")
        }
        if !heap.objects().isEmpty { problems.append("\(heap.objects().count) objects still tracked") }
        return passes(problems)
    }

    /// Every difference between the real objects and the model.
    private func mismatches(_ world: FinalizationWorld) -> [String] {
        let model = world.model
        let log = world.log
        var problems: [String] = []

        let alive = world.actualAliveNodes()
        if alive != model.aliveNodes {
            problems.append(
                """
                alive nodes: unexpectedly alive \(alive.subtracting(model.aliveNodes).sorted()), \
                unexpectedly freed \(model.aliveNodes.subtracting(alive).sorted())
                """
            )
        }
        if log.finalizerRuns.sorted() != model.finalized.sorted() {
            problems.append("finalizers ran \(log.finalizerRuns.sorted()), predicted \(model.finalized.sorted())")
        }
        for id in alive.sorted() {
            guard let node = log.node(id) else { continue }
            if GC.isFinalized(node) != model.finalized.contains(id) {
                problems.append("GC.isFinalized(n\(id)) is \(GC.isFinalized(node))")
            }
        }

        let callbacks = Set(log.callbackRuns)
        if callbacks.count != log.callbackRuns.count {
            problems.append("a callback ran twice: \(log.callbackRuns.sorted())")
        }
        if !model.callbacksRan.isSubset(of: callbacks)
            || !callbacks.isSubset(of: model.callbacksRan.union(model.callbacksMaybeRan))
        {
            problems.append(
                """
                callbacks ran \(callbacks.sorted()), predicted \(model.callbacksRan.sorted()) \
                plus possibly \(model.callbacksMaybeRan.sorted())
                """
            )
        }

        let aliveWeakRefs = world.actualAliveWeakRefs()
        if aliveWeakRefs != model.aliveWeakRefs {
            problems.append(
                "alive weak references \(aliveWeakRefs.sorted()), predicted \(model.aliveWeakRefs.sorted())"
            )
        }
        for id in aliveWeakRefs.sorted() {
            guard let weakRef = log.weakRef(id) else { continue }
            let object = weakRef.object?.id
            let expected = model.expectedObject(ofWeakRef: id)
            if object != expected {
                problems.append(
                    "w\(id).object is \(object.map { "n\($0)" } ?? "nil"), predicted \(expected.map { "n\($0)" } ?? "nil")"
                )
            }
            if weakRef.hasCallback != model.pendingCallbacks.contains(id) {
                problems.append("w\(id).hasCallback is \(weakRef.hasCallback)")
            }
        }

        problems += log.violations
        if world.record.cleared != model.clearedNodes {
            problems.append("cleared \(world.record.cleared.sorted()), predicted \(model.clearedNodes.sorted())")
        }
        let roots = log.roots.map(\.id)
        if roots != model.rootNodes {
            problems.append("roots \(roots), predicted \(model.rootNodes)")
        }
        return problems
    }
}
