import ReclaimTestSupport
import Testing

@testable import Reclaim

/// Incremental mode: increments, passes over the old generation, budgets, the full collection
/// it falls back on, its statistics, and its bound on waiting garbage.
@Suite struct HeapIncrementalTests {
    /// A ring of `count` nodes in `heap`.
    static func ring(_ count: Int, in heap: Heap) -> [LinkNode] {
        let nodes = (0..<count).map { _ in LinkNode(heap: heap) }
        for index in nodes.indices { nodes[index].next = nodes[(index + 1) % count] }
        return nodes
    }

    static func incrementalHeap(budget: IncrementBudget) -> Heap {
        let heap = Heap()
        heap.disable()
        heap.collectionMode = .incremental(budget)
        heap._checksInvariantsAfterEachCollection = true
        return heap
    }

    /// Keeps `count` documents (rings of `size` nodes) in `heap` and replaces a random one
    /// `replacements` times, so each replaced document dies in whatever generation it reached;
    /// returns the live count and the largest tracked count seen. The documents are dropped
    /// on return (collect to free them).
    static func replaceDocuments(
        in heap: Heap,
        count: Int,
        size: Int,
        replacements: Int,
        seed: UInt64
    ) -> (live: Int, largest: Int) {
        var documents = (0..<count).map { _ in ring(size, in: heap) }
        var rng = SplitMix64(seed: seed)
        var largest = 0
        for _ in 0..<replacements {
            documents[Int(rng.next() % UInt64(count))] = ring(size, in: heap)
            largest = max(largest, heap.trackedCount)
        }
        return (count * size, largest)
    }

    @Test func anIncrementFreesAnOldCycleAndReportsWhatItScanned() {
        let heap = Self.incrementalHeap(budget: .objects(1_000))
        var reports: [IncrementReport] = []
        heap.callbacks.append { phase, info in
            if phase == .stop, let increment = info.increment { reports.append(increment) }
        }
        var keep: [LinkNode]? = Self.ring(3, in: heap)
        do { _ = Self.ring(4, in: heap) }
        #expect(heap.collect(generation: 0) == 4, "a young cycle is found by a young collection")
        var old: [LinkNode]? = Self.ring(5, in: heap)
        #expect(heap.collect(generation: 0) == 0, "the survivors go to the visited space")
        #expect(heap.collect(generation: 1) == 0, "nothing is pending: the pass ends at once")
        #expect(
            reports.last
                == IncrementReport(
                    youngObjects: 0,
                    oldObjects: 0,
                    youngBytes: 0,
                    oldBytes: 0,
                    budget: 1_000,
                    truncated: false,
                    releasedLater: 0,
                    pendingAfter: 0
                )
        )
        weak let watched = old?[2]
        old = nil
        #expect(watched != nil, "a cycle in the old generation")
        #expect(heap.collect(generation: 1) == 5, "the next pass scans the 8 old objects")
        #expect(watched == nil)
        #expect(
            reports.last
                == IncrementReport(
                    youngObjects: 0,
                    oldObjects: 8,
                    youngBytes: 0,
                    oldBytes: 8 * RuntimeShims.instanceSize(of: LinkNode.self),
                    budget: 1_000,
                    truncated: false,
                    releasedLater: 0,
                    pendingAfter: 0
                )
        )
        #expect(heap.stats(in: .incremental)[1].collections == 2)
        #expect(heap.stats(in: .incremental)[0].collections == 2)
        #expect(heap.stats(in: .generational)[1].collections == 0)
        #expect(heap.stats[1].collections == 2)
        #expect(heap.stats[1].collected == 5)
        withExtendedLifetime(keep) {}  // held until here
        keep = nil
        #expect(heap.collect() == 3)
    }

    @Test func oldGarbageIsFoundWithinTwoPassesOfIncrements() {
        let heap = Self.incrementalHeap(budget: .objects(60))
        var passesCompleted = 0
        heap.callbacks.append { phase, info in
            if phase == .stop, info.increment?.pendingAfter == 0 { passesCompleted += 1 }
        }
        var live: [LinkNode]? = Self.ring(50, in: heap)
        var garbage = (0..<20).map { _ in Self.ring(10, in: heap) }
        heap.collect(generation: 0)
        weak let watched = garbage[7][3]
        garbage = []
        var increments = 0
        // The pass in progress, then two whole ones.
        while heap.trackedCount > 50, passesCompleted < 3 {
            heap.collect(generation: 1)
            increments += 1
        }
        #expect(watched == nil)
        #expect(heap.trackedCount == 50, "after \(increments) increments and \(passesCompleted) passes")
        withExtendedLifetime(live) {}  // held until here
        live = nil
        #expect(heap.collect() == 50)
    }

    @Test func aLiveStructureLargerThanTheBudgetIsScannedInPiecesAndKept() {
        let heap = Self.incrementalHeap(budget: .objects(10))
        var reports: [IncrementReport] = []
        var generations: [Int] = []
        heap.callbacks.append { phase, info in
            guard phase == .stop else { return }
            generations.append(info.generation)
            if let increment = info.increment { reports.append(increment) }
        }
        var live: [LinkNode]? = Self.ring(100, in: heap)
        heap.collect()
        for _ in 0..<12 { #expect(heap.collect(generation: 1) == 0) }
        #expect(reports.allSatisfy { $0.youngObjects + $0.oldObjects <= 10 })
        #expect(reports.contains { $0.truncated }, "the ring's references leave every increment")
        #expect(reports.contains { $0.pendingAfter == 0 }, "ten increments of 10 complete a pass over 100")
        #expect(heap.trackedCount == 100)

        // A ring of 30 dies in the old generation: too big for an increment of 10. Once the old
        // generation has grown by a quarter since the last full collection, and an increment
        // stopped at its budget since then, the next automatic collection is a full one.
        var big: [LinkNode]? = Self.ring(30, in: heap)
        heap.collect(generation: 0)
        weak let watched = big?[0]
        big = nil
        for _ in 0..<6 { heap.collect(generation: 1) }
        #expect(watched != nil, "increments cannot scan the ring whole")
        #expect(heap.needsFullCollectionInIncrementalMode)
        heap.collectAutomatically()
        #expect(generations.last == 2)
        #expect(watched == nil)
        #expect(!heap.needsFullCollectionInIncrementalMode)
        withExtendedLifetime(live) {}  // held until here
        live = nil
        #expect(heap.collect() == 100)
    }

    @Test func aStructureThatDoesNotFitIsLeftWholeToTheNextIncrement() {
        let heap = Self.incrementalHeap(budget: .objects(100))
        var reports: [IncrementReport] = []
        heap.callbacks.append { phase, info in
            if phase == .stop, let increment = info.increment { reports.append(increment) }
        }
        var live: [[LinkNode]]? = (0..<10).map { _ in Self.ring(7, in: heap) }
        var garbage: [[LinkNode]]? = (0..<30).map { _ in Self.ring(7, in: heap) }
        heap.collect(generation: 0)
        heap.collect(generation: 1)  // ends the empty pass: the 280 objects are now pending
        withExtendedLifetime(garbage) {}  // held until here
        garbage = nil
        var increments = 0
        while heap.trackedCount > 70, increments < 20 {
            heap.collect(generation: 1)
            increments += 1
        }
        #expect(heap.trackedCount == 70, "after \(increments) increments")
        #expect(reports.allSatisfy { !$0.truncated }, "14 rings of 7 fit in 100; the 15th waits")
        #expect(
            reports.allSatisfy { $0.oldObjects % 7 == 0 && $0.oldObjects <= 100 },
            "\(reports.map(\.oldObjects))"
        )
        #expect(reports.contains { $0.oldObjects == 98 })
        #expect(heap.stats(in: .incremental)[2].collections == 0)
        withExtendedLifetime(live) {}  // held until here
        live = nil
        #expect(heap.collect() == 70)
    }

    @Test func aBudgetSmallerThanThresholdZeroRunsIncrementsSooner() {
        let heap = Heap()
        heap.collectionMode = .incremental(.objects(3_000))
        heap._checksInvariantsAfterEachCollection = true
        var reports: [IncrementReport] = []
        heap.callbacks.append { phase, info in
            if phase == .stop, let increment = info.increment { reports.append(increment) }
        }
        // Documents of 100 objects replaced one after another: everything allocated lives long
        // enough to join the old generation, and dies there. Before increments ran sooner,
        // each one took 10 000 young objects and at most 1 000 old ones: the pass fell behind,
        // the tracked count reached 5 times the live count and two full collections ran.
        let (live, largest) = Self.replaceDocuments(in: heap, count: 200, size: 100, replacements: 2_000, seed: 16)
        #expect(!reports.isEmpty)
        #expect(
            reports.allSatisfy { $0.youngObjects <= 1_001 && $0.youngObjects + $0.oldObjects <= 3_000 },
            "a third of the budget for young objects, the rest for their share of old ones"
        )
        #expect(reports.allSatisfy { !$0.truncated }, "no document is larger than an increment")
        #expect(heap.stats(in: .incremental)[2].collections == 0, "no full collection was needed")
        // Every object allocated here dies old: a pass at two old objects per young one lets
        // the garbage reach at most about the live count (1.5 times it on average).
        #expect(largest <= 2 * live + 1_000, "largest tracked count \(largest), live \(live)")
        heap.collect()
        #expect(heap.trackedCount == 0)
    }

    @Test func promotedObjectsLargerThanTheOldOnesQuickenThePass() {
        let heap = Self.incrementalHeap(budget: .objects(1_000_000))
        heap.thresholds = (1_000, 10, 10)
        var reports: [IncrementReport] = []
        heap.callbacks.append { phase, info in
            if phase == .stop, let increment = info.increment { reports.append(increment) }
        }
        // 100 000 old objects in pairs, all pending after the first increment.
        var old: [LinkNode]? = (0..<50_000).map { _ in Self.ring(2, in: heap)[0] }
        heap.collect(generation: 0)
        heap.collect(generation: 1)
        // Each increment scans 1 000 young objects, all kept: the next increment's pace
        // follows them as promoted objects.
        var kept: [GCObject] = []
        func increment(_ make: () -> GCObject) -> IncrementReport? {
            kept += (0..<1_000).map { _ in make() }
            heap.collect(generation: 1)
            return reports.last
        }
        _ = increment { LinkNode(heap: heap) }
        let small = increment { LinkNode(heap: heap) }
        let bulkyYoung = increment { BulkyNode(heap: heap) }
        let afterBulky = increment { LinkNode(heap: heap) }
        let bulkySize = RuntimeShims.instanceSize(of: BulkyNode.self)
        let linkSize = RuntimeShims.instanceSize(of: LinkNode.self)
        #expect(small?.youngBytes == 1_000 * linkSize)
        #expect(bulkyYoung?.youngBytes == 1_000 * bulkySize)
        #expect(small?.oldBytes == (small?.oldObjects ?? 0) * linkSize)
        #expect(bulkyYoung?.oldObjects == small?.oldObjects, "paced by the small objects promoted before it")
        // Paced by 1 000 promoted objects each time; the bulky ones are larger, and the
        // increment after them takes as many times more old objects.
        if let small, let afterBulky {
            let ratio = Double(afterBulky.oldObjects) / Double(small.oldObjects)
            let sizes = Double(bulkySize) / Double(linkSize)
            #expect(abs(ratio - sizes) < 0.05 * sizes, "\(small.oldObjects) then \(afterBulky.oldObjects)")
        }
        withExtendedLifetime(old) {}  // held until here
        old = nil
        kept = []
        heap.collect()
    }

    @Test func aTimeBudgetIsTurnedIntoObjectsAtTheMeasuredCost() {
        var state = IncrementalState()
        #expect(state.objectLimit(for: .time(.microseconds(50))) == 500, "100 ns per object before any measure")
        state.record(pause: .milliseconds(1), objects: 20_000)
        #expect(state.nanosecondsPerObject == 0.75 * 100 + 0.25 * 50)
        state.record(pause: .seconds(1), objects: 10)
        #expect(state.nanosecondsPerObject == 87.5, "too few objects to measure")
        #expect(state.objectLimit(for: .objects(0)) == 1)
        #expect(state.objectLimit(for: .time(.seconds(1_000_000))) == Int(Int32.max))
    }

    @Test func garbageATimeBudgetHasNoTimeToFreeIsFreedByTheNextAllocations() {
        // A budget that has run out before the garbage is freed: all of it is deferred.
        let heap = Self.incrementalHeap(budget: .time(.nanoseconds(1)))
        heap._checksInvariantsAfterEachCollection = true
        var reports: [IncrementReport] = []
        heap.callbacks.append { phase, info in
            if phase == .stop, let increment = info.increment { reports.append(increment) }
        }
        var rings: [[LinkNode]]? = (0..<50).map { _ in Self.ring(10, in: heap) }
        weak let first = rings?[0][0]
        weak let last = rings?[49][9]
        rings = nil
        #expect(heap.collect(generation: 1) == 500, "collected: cleared, and counted")
        #expect(reports.last?.releasedLater == 500)
        #expect(heap.trackedCount == 0)
        #expect(first != nil && first?.next == nil, "cleared, not freed yet")
        // 128 are freed for every 64 tracked allocations, even with automatic collection off.
        var kept: [LinkNode] = []
        for _ in 0..<64 { kept.append(LinkNode(heap: heap)) }
        #expect(heap.deferredReleases.count == 500, "not before the 65th allocation")
        kept.append(LinkNode(heap: heap))
        #expect(heap.deferredReleases.count == 500 - 128)
        for _ in 0..<(3 * 65) { kept.append(LinkNode(heap: heap)) }
        #expect(heap.deferredReleases.count == 0)
        #expect(first == nil && last == nil)

        // A full collection frees what waits before it scans.
        rings = (0..<10).map { _ in Self.ring(10, in: heap) }
        weak let another = rings?[3][3]
        rings = nil
        #expect(heap.collect(generation: 1) == 100)
        #expect(another != nil)
        #expect(heap.collect() == 0)
        #expect(another == nil)
        #expect(heap.deferredReleases.count == 0)

        // Garbage that its clearing leaves referenced is never deferred: it is uncollectable.
        do {
            let a = StubbornNode(heap: heap)
            let b = StubbornNode(heap: heap)
            a.next = b
            b.next = a
        }
        #expect(heap.collect(generation: 1) == 2)
        #expect(reports.last?.releasedLater == 0)
        #expect(heap.garbage.count == 2)
        for case let node as StubbornNode in heap.garbage { node.next = nil }
        heap.garbage.removeAll()
        withExtendedLifetime(kept) {}  // held until here
    }

    @Test func deferredGarbageLeftWhenTheHeapGoesIsFreedWithIt() {
        weak var watched: LinkNode?
        do {
            let heap = Self.incrementalHeap(budget: .time(.nanoseconds(1)))
            var ring: [LinkNode]? = Self.ring(10, in: heap)
            watched = ring?[0]
            ring = nil
            #expect(heap.collect(generation: 1) == 10)
            #expect(watched != nil)
            #expect(heap.deferredReleases.count == 10)
        }
        #expect(watched == nil)
    }

    @Test func deferredGarbageKeepsBeingFreedAcrossAutomaticIncrements() {
        let heap = Heap()
        heap.collectionMode = .incremental(.time(.nanoseconds(1)))
        heap._checksInvariantsAfterEachCollection = true
        heap.disable()
        do { _ = (0..<500).map { _ in Self.ring(10, in: heap) } }
        heap.enable()
        #expect(heap.collect(generation: 1) == 5_000)
        #expect(heap.deferredReleases.count == 5_000)
        // Increments run every 100 allocations here and reset the allocation count; a chunk
        // must still come after 64 of them: 5 000 objects take 40 chunks, 4 000 allocations.
        var kept: [LinkNode] = []
        for _ in 0..<4_000 { kept.append(LinkNode(heap: heap)) }
        #expect(heap.deferredReleases.count < 5_000 - 38 * 128)
        for _ in 0..<200 { kept.append(LinkNode(heap: heap)) }
        #expect(heap.stats(in: .incremental)[1].collections > 30)
        #expect(heap.deferredReleases.count == 0)
        withExtendedLifetime(kept) {}  // held until here
    }

    @Test func aDeferredObjectStoredAgainIsKeptAsUncollectable() {
        let heap = Self.incrementalHeap(budget: .time(.nanoseconds(1)))
        heap._checksInvariantsAfterEachCollection = true
        var ring: [LinkNode]? = Self.ring(3, in: heap)
        weak let reachable = ring?[1]
        ring = nil
        #expect(heap.collect(generation: 1) == 3)
        #expect(heap.deferredReleases.count == 3)
        // A native weak reference still gives the cleared object, and the program keeps it.
        let revived = reachable
        var kept: [LinkNode] = []
        for _ in 0..<65 { kept.append(LinkNode(heap: heap)) }
        #expect(heap.deferredReleases.count == 0)
        #expect(heap.garbage.count == 1)
        #expect(heap.garbage.first === revived)
        #expect(revived?.gcHeapID == heap.id, "tracked again")
        #expect(revived?.next == nil, "still cleared")
        heap._checkInvariants()
        heap.garbage.removeAll()
        withExtendedLifetime((kept, revived)) {}  // held until here
    }

    @Test func deferredGarbageOfAThreadsDefaultHeapGoesWithTheThread() {
        final class Handoff: @unchecked Sendable {
            var live: [LinkNode] = []
            var deferred = 0
        }
        let handoff = Handoff()
        let thread = TestThread {
            let heap = Heap.current
            heap.disable()
            heap.collectionMode = .incremental(.time(.nanoseconds(1)))
            do { _ = (0..<50).map { _ in Self.ring(10, in: heap) } }
            heap.collect(generation: 1)
            handoff.deferred = heap.deferredReleases.count
            // Young objects of the heap when the thread exits, at the indices the deferred
            // objects had in the garbage list.
            handoff.live = (0..<20).map { _ in LinkNode(heap: heap) }
        }
        thread.join()
        #expect(handoff.deferred == 500)
        #expect(handoff.live.allSatisfy { $0.gcHeapID == 0 }, "untracked when their heap went")
        handoff.live = []
    }

    @Test func switchingModesKeepsEveryObjectAndStartsAPass() {
        let heap = Heap()
        heap.disable()
        var first: [LinkNode]? = Self.ring(6, in: heap)
        heap.collect(generation: 1)  // to generation 2
        var second: [LinkNode]? = Self.ring(4, in: heap)
        heap.collect(generation: 0)  // to generation 1
        heap.collectionMode = .incremental(.objects(100))
        #expect(heap.collectionMode == .incremental(.objects(100)))
        var reports: [IncrementReport] = []
        heap.callbacks.append { phase, info in
            if phase == .stop, let increment = info.increment { reports.append(increment) }
        }
        heap.collect(generation: 1)
        #expect(reports.first?.oldObjects == 6, "generation 2 is pending, generation 1 visited")
        #expect(reports.first?.pendingAfter == 0)
        heap.collect(generation: 1)
        #expect(reports.last?.oldObjects == 10)
        heap.collectionMode = .generational
        #expect(heap.collect() == 0)
        #expect(heap.trackedCount == 10)
        withExtendedLifetime((first, second)) {}  // held until here
        (first, second) = (nil, nil)
        #expect(heap.collect() == 10)
    }

    @Test func aPassAdvancesWhenTheYoungObjectsAloneFillTheBudget() {
        let heap = Heap()
        heap.thresholds = (1_000, 10, 10)
        // Below the fewest allocations between two increments (100): every increment starts
        // with more young objects than its budget.
        heap.collectionMode = .incremental(.objects(60))
        heap._checksInvariantsAfterEachCollection = true
        var reports: [IncrementReport] = []
        heap.callbacks.append { phase, info in
            if phase == .stop, let increment = info.increment { reports.append(increment) }
        }
        var old: [LinkNode]? = Self.ring(20, in: heap)
        heap.collect(generation: 0)
        weak let watched = old?[0]
        old = nil
        for _ in 0..<20_000 {
            let first = LinkNode(heap: heap)
            first.next = LinkNode(heap: heap)
            first.next?.next = first
        }
        #expect(watched == nil, "old garbage is found although every increment starts over its budget")
        #expect(reports.contains { $0.youngObjects >= 60 && $0.oldObjects > 0 })
        heap.collect()
    }

    @Test func aHugeThresholdZeroDoesNotOverflowThePace() {
        let heap = Self.incrementalHeap(budget: .standard)
        heap.thresholds = (Int.max, 10, 10)
        var ring: [LinkNode]? = Self.ring(5, in: heap)
        heap.collect(generation: 0)
        ring = nil
        #expect(heap.collect(generation: 1) == 0, "the pass that began before the ring died")
        #expect(heap.collect(generation: 1) == 5)
        #expect(ring == nil)
    }

    @Test func objectsACollectionKeepsJoinTheVisitedSpace() {
        let heap = Self.incrementalHeap(budget: .standard)
        var live: [LinkNode]? = Self.ring(10, in: heap)
        heap.collect()  // every old object pending in list 2, list 1 visited
        heap.debugFlags = .saveAll
        do { _ = Self.ring(3, in: heap) }
        #expect(heap.collect(generation: 0) == 3)
        #expect(heap.objects(generation: 1).count == 3, "saved garbage joins the visited space")
        #expect(heap.objects(generation: 2).count == 10, "the pending space is unchanged")
        heap.debugFlags = []
        heap.freeze()
        heap.unfreeze()
        #expect(heap.objects(generation: 1).count == 13, "unfrozen objects join the visited space too")
        for case let node as LinkNode in heap.garbage { node.next = nil }
        heap.garbage = []
        withExtendedLifetime(live) {}  // held until here
        live = nil
        #expect(heap.collect() == 10)
        #expect(heap.trackedCount == 0)
    }

    @Test func budgetsBelowOneObjectOrNoTimeStopWithAMessage() async {
        let objects = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Heap().collectionMode = .incremental(.objects(0))
        }
        let objectsMessage = String(decoding: objects?.standardErrorContent ?? [], as: UTF8.self)
        #expect(objectsMessage.contains("an increment must be allowed at least 1 object"))
        let time = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Heap().collectionMode = .incremental(.time(.zero))
        }
        let timeMessage = String(decoding: time?.standardErrorContent ?? [], as: UTF8.self)
        #expect(timeMessage.contains("an increment must be allowed more than no time"))
    }

    /// Soak: documents (rings with a hub) replaced one after another for a fixed number of
    /// steps under automatic incremental collection; the tracked count must stay within 1.5
    /// times the live count, plus what one threshold's worth of young objects adds.
    @Test func theTrackedCountStaysBoundedWhileOldGarbageKeepsComing() {
        let heap = Heap()
        heap.thresholds = (500, 10, 10)
        heap.collectionMode = .incremental(.objects(5_000))
        heap._checksInvariantsAfterEachCollection = true
        let (live, largest) = Self.replaceDocuments(in: heap, count: 20, size: 200, replacements: 400, seed: 15)
        #expect(largest <= live + live / 2 + 2 * 500, "largest tracked count \(largest), live \(live)")
        #expect(heap.stats(in: .incremental)[1].collections > 0)
        #expect(heap.stats(in: .incremental)[2].collections == 0, "no full collection was needed")
        heap.collect()
        #expect(heap.trackedCount == 0)
    }
}
