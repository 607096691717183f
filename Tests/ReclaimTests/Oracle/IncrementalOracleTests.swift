import ReclaimTestSupport
import Testing

@testable import Reclaim

/// Randomized proof that incremental mode is exact increment by increment, and finds all
/// garbage once the program stops changing the graph.
///
/// Random mutations (nodes created, linked and unlinked, roots and untracked boxes added and
/// dropped) run with tiny thresholds and budgets, so increments (and the full collections
/// incremental mode falls back on) run between them, interleaved with the changes. Each
/// collection's candidates come from the collection trace; an independent model of the graph,
/// as it was when the collection started, predicts which of them it clears: exactly the
/// candidates that no root, no live box and no live node outside the candidates reaches
/// (`unreachableNodes(among:)`). Then the roots are dropped and increments alone run until a
/// whole pass over the old generation finds nothing without stopping at its budget: a full
/// collection must then find nothing either.
@Suite struct IncrementalOracleTests {
    /// The candidates of each collection since the last call, by node identifier.
    final class CandidateLog {
        var collections: [Set<Int>] = []
        var identifiers: [ObjectIdentifier: Int] = [:]

        func take() -> [Set<Int>] {
            defer { collections = [] }
            return collections
        }
    }

    static func logCandidates(of heap: Heap, into log: CandidateLog) {
        heap.collectionTracer = { event in
            guard case .countsCopied(let candidates, _) = event else { return }
            log.collections.append(Set(candidates.compactMap { log.identifiers[$0] }))
        }
    }

    @Test(arguments: 0..<12)
    func incrementsInterleavedWithMutationsClearExactlyWhatTheModelPredicts(seed: UInt64) {
        run(seed: 0x1C4E_0000 &+ seed, timeBudget: false)
    }

    /// The same with a time budget that has always run out before the garbage is freed: every
    /// increment clears its garbage and leaves it to the chunks the next allocations free, while
    /// the mutations go on. The model holds cleared nodes as the collector does until they are
    /// freed.
    /// Most worlds make garbage only a few times in 600 steps, so the seeds run in one test,
    /// which checks that garbage was left to the allocations in some of them.
    @Test func incrementsThatLeaveTheirGarbageToAllocationsClearExactlyWhatTheModelPredicts() {
        var releasedLater = 0
        for seed in 0..<UInt64(8) {
            releasedLater += run(seed: 0x1C4E_1000 &+ seed, timeBudget: true)
        }
        #expect(releasedLater > 0, "no garbage was left to the allocations during the mutations")
    }

    /// Runs one world; returns how many objects its increments left to the allocations while
    /// the mutations went on.
    @discardableResult
    private func run(seed: UInt64, timeBudget: Bool) -> Int {
        var rng = SplitMix64(seed: seed)
        let heap = Heap()
        heap.thresholds = (Int.random(in: 3...12, using: &rng), 1, 2)
        let budget = Int.random(in: 4...40, using: &rng)
        heap.collectionMode = .incremental(timeBudget ? .time(.nanoseconds(1)) : .objects(budget))
        heap._checksInvariantsAfterEachCollection = true
        let record = LifeRecord()
        let log = CandidateLog()
        Self.logCandidates(of: heap, into: log)
        var world = MutationWorld(heap: heap, record: record)
        var increments = 0
        var releasedLater = 0
        heap.callbacks.append { phase, info in
            guard phase == .stop, let increment = info.increment else { return }
            increments += 1
            releasedLater += increment.releasedLater
        }

        for step in 0..<600 {
            let before = world.model
            let clearedBefore = record.cleared
            world.applyRandomOperation(rng: &rng)
            log.identifiers = world.nodeIDs
            let collections = log.take()
            #expect(collections.count <= 1, "seed \(seed) step \(step): one allocation, one collection at most")
            if let candidates = collections.first {
                let predicted = before.unreachableNodes(among: candidates)
                let cleared = record.cleared.subtracting(clearedBefore)
                #expect(
                    cleared == predicted,
                    "seed \(seed) step \(step): cleared \(cleared.sorted()), model \(predicted.sorted()) of \(candidates.sorted())"
                )
            }
            let reachable = world.model.reachableNodes()
            #expect(record.cleared.isDisjoint(with: reachable), "seed \(seed) step \(step): cleared a reachable object")
            #expect(record.freed.isDisjoint(with: reachable), "seed \(seed) step \(step): freed a reachable object")
            world.model.applyClearedAndFreed(cleared: record.cleared, freed: record.freed)
            #expect(world.actualAlive() == world.model.aliveNodes, "seed \(seed) step \(step): alive set")
        }
        #expect(increments > 0, "seed \(seed): no increment ran")
        let releasedDuringMutations = releasedLater
        if timeBudget {
            // The increments below are predicted whole, their garbage freed at once.
            heap.collectionMode = .incremental(.objects(budget))
        }

        world.dropAllRoots()
        finishWithIncrementsAlone(heap: heap, world: &world, record: record, log: log, seed: seed)
        heap.breakRemainingGraphNodes()
        #expect(world.actualAlive().isEmpty, "seed \(seed): nodes outlived the test")
        return releasedDuringMutations
    }

    /// Runs increments until a whole pass finds nothing, each checked against the model: with
    /// the test's small budget (a pass that stopped at the budget may leave garbage, which the
    /// model then still predicts), then with a budget larger than the graph, after which no
    /// garbage may be left and a full collection must find nothing.
    private func finishWithIncrementsAlone(
        heap: Heap,
        world: inout MutationWorld,
        record: LifeRecord,
        log: CandidateLog,
        seed: UInt64
    ) {
        log.identifiers = world.nodeIDs
        var reports: [IncrementReport] = []
        heap.callbacks.append { phase, info in
            if phase == .stop, let increment = info.increment { reports.append(increment) }
        }
        for budget in [nil, 1_000_000] {
            if let budget { heap.collectionMode = .incremental(.objects(budget)) }
            var passFoundSomething = false
            var passTruncated = false
            var quietPass: Bool? = nil
            var passBeganHere = false
            var round = 0
            while quietPass == nil, round < 5_000 {
                round += 1
                heap.collect(generation: 1)
                guard let report = reports.popLast(), let scanned = log.take().first else {
                    Issue.record("seed \(seed) round \(round): collect(generation: 1) was not an increment")
                    return
                }
                let predicted = world.model.applyCollection(among: scanned)
                #expect(
                    world.actualAlive() == world.model.aliveNodes,
                    "seed \(seed) round \(round): alive after an increment of \(scanned.sorted()), predicted garbage \(predicted.sorted())"
                )
                passFoundSomething = passFoundSomething || !predicted.isEmpty
                passTruncated = passTruncated || report.truncated
                #expect(report.youngObjects + report.oldObjects == scanned.count)
                let room = report.youngObjects < report.budget ? report.budget - report.youngObjects : 1_000
                #expect(report.oldObjects <= room, "old objects beyond the budget")
                if report.pendingAfter == 0 {
                    // The pass in progress when this loop began scanned part of the heap
                    // before it: only passes that began here count.
                    if passBeganHere, !passFoundSomething { quietPass = !passTruncated }
                    passBeganHere = true
                    passFoundSomething = false
                    passTruncated = false
                }
            }
            guard let quietPass else {
                Issue.record("seed \(seed): increments never completed a pass that found nothing")
                return
            }
            if quietPass {
                // Nodes the collector already cleared and holds until the chunks free them are
                // collected, not left over.
                let leftover = world.model.unreachableNodes().subtracting(world.model.heldByCollector)
                #expect(leftover.isEmpty, "seed \(seed): a pass that found nothing left garbage \(leftover.sorted())")
            } else {
                #expect(budget == nil, "seed \(seed): an increment stopped at a budget larger than the graph")
            }
        }
        #expect(heap.collect() == 0, "seed \(seed): a full collection after a quiet pass found garbage")
    }
}
