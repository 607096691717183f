import Reclaim
import ReclaimTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Each heap lives in one isolation domain; these tests run several domains at once and are
/// run under ThreadSanitizer in CI.
@Suite struct ConcurrencyTests {
    /// Builds `count` random cyclic graphs on `heap`, drops them, collects, and checks that
    /// the collector found every node exactly once.
    private static func churnCycles(heap: Heap, seed: UInt64, rounds: Int) -> Int {
        var rng = SplitMix64(seed: seed)
        let record = LifeRecord()
        var expected = 0
        var found = 0
        for round in 0..<rounds {
            let size = Int.random(in: 2...50, using: &rng)
            do {
                let nodes = (0..<size).map { GraphNode(id: round * 100 + $0, record: record, heap: heap) }
                for node in nodes {
                    node.edges.append(nodes.randomElement(using: &rng) ?? node)
                }
                for (left, right) in zip(nodes, nodes.dropFirst()) {
                    left.edges.append(right)
                    right.edges.append(left)
                }
            }
            expected += size
            found += heap.collect()
        }
        #expect(found == expected)
        #expect(record.freed.count == expected)
        heap._checkInvariants()
        return found
    }

    @Test func threadsCollectTheirOwnDefaultHeapsAtTheSameTime() {
        let threads = (0..<4).map { index in
            TestThread {
                GC.thresholds = (20, 5, 5)
                _ = Self.churnCycles(heap: Heap.current, seed: UInt64(index), rounds: 300)
                #expect(GC.stats[0].collections > 0, "automatic collections ran too")
            }
        }
        for thread in threads { thread.join() }
    }

    @Test func tasksCollectTheirOwnHeapsAtTheSameTime() async {
        let total = await withTaskGroup(of: Int.self) { group in
            for index in 0..<6 {
                group.addTask {
                    let heap = Heap()
                    heap.thresholds = (40, 3, 3)
                    return Self.churnCycles(heap: heap, seed: 100 + UInt64(index), rounds: 200)
                }
            }
            return await group.reduce(0, +)
        }
        #expect(total > 0)
    }

    /// The recommended pattern for concurrent code: an actor owns a heap and its objects.
    actor Document {
        private let heap = Heap()
        private var root: LinkNode?

        func rebuild(cycles: Int) -> Int {
            var collected = 0
            for _ in 0..<cycles {
                let a = LinkNode(heap: heap)
                let b = LinkNode(heap: heap)
                a.next = b
                b.next = a
                root = a
                collected += heap.collect(generation: 0)
            }
            return collected
        }

        /// Drops the document and returns how many objects a full collection found and how
        /// many stay tracked.
        func close() -> (collected: Int, remaining: Int) {
            root = nil
            let collected = heap.collect()
            return (collected, heap.trackedCount)
        }
    }

    @Test func anActorOwnsItsHeapAcrossSuspensionPoints() async {
        let documents = (0..<3).map { _ in Document() }
        await withTaskGroup(of: Void.self) { group in
            for document in documents {
                group.addTask {
                    for _ in 0..<20 {
                        let collected = await document.rebuild(cycles: 25)
                        #expect(collected >= 0)
                        await Task.yield()
                    }
                }
            }
        }
        for document in documents {
            let (collected, remaining) = await document.close()
            #expect(collected >= 2, "the last cycle, plus earlier ones promoted before they became garbage")
            #expect(remaining == 0)
        }
    }

    /// Regression: objects of a thread's default heap released on another thread while the
    /// owning thread exits (and destroys its heap). Run under ThreadSanitizer in CI.
    @Test func releasesOnAnotherThreadRaceSafelyWithTheOwnerExiting() {
        final class Handoff: @unchecked Sendable {
            var nodes: [LinkNode] = []
        }
        for _ in 0..<50 {
            let handoff = Handoff()
            let ready = LockedFlag()
            let owner = TestThread {
                for _ in 0..<200 {
                    let node = LinkNode()
                    node.next = LinkNode()
                    handoff.nodes.append(node)
                }
                ready.set()
            }
            ready.wait()
            let releaser = TestThread { handoff.nodes.removeAll() }
            owner.join()
            releaser.join()
        }
    }

    /// `unowned` references to garbage held on another thread (unsafe code: `GCObject` is not
    /// `Sendable`), copied and dropped there in a loop while the owner collects: each copy
    /// updates the unowned count in the word that holds the strong count, so the collection
    /// must not update that word without an atomic operation (it would erase the other
    /// thread's update: the memory freed under a live `unowned` reference, or leaked).
    @Test func unownedReferencesCopiedOnAnotherThreadWhileTheGarbageIsFreed() {
        struct UnownedNode: @unchecked Sendable {
            unowned let node: LinkNode
        }
        final class Shared: @unchecked Sendable {
            /// Written by the owner only while the copier waits for the next round.
            var references: [UnownedNode] = []
            let published = Atomic<Int>(0)
            let copying = Atomic<Int>(0)
            let collected = Atomic<Int>(0)
            let stopped = Atomic<Int>(0)
        }
        let rounds = 300
        let pairs = 64
        onFreshThread {
            GC.disable()
            let shared = Shared()
            let copier = TestThread {
                for round in 1...rounds {
                    while shared.published.load(ordering: .acquiring) < round { sched_yield() }
                    repeat {
                        for index in shared.references.indices {
                            let copy = shared.references[index]
                            withExtendedLifetime(copy) {}
                        }
                        shared.copying.store(round, ordering: .releasing)
                    } while shared.collected.load(ordering: .acquiring) < round
                    shared.stopped.store(round, ordering: .releasing)
                }
            }
            var found = 0
            for round in 1...rounds {
                do {
                    for _ in 0..<pairs {
                        let a = LinkNode()
                        let b = LinkNode()
                        a.next = b
                        b.next = a
                        shared.references.append(UnownedNode(node: a))
                        shared.references.append(UnownedNode(node: b))
                    }
                }
                shared.published.store(round, ordering: .releasing)
                while shared.copying.load(ordering: .acquiring) < round { sched_yield() }
                found += GC.collect()
                shared.collected.store(round, ordering: .releasing)
                while shared.stopped.load(ordering: .acquiring) < round { sched_yield() }
                // The objects are deinitialized; their memory goes with the last unowned
                // reference.
                shared.references.removeAll()
            }
            copier.join()
            #expect(found == 2 * pairs * rounds)
            #expect(Heap.current.trackedCount == 0)
        }
    }

    /// Objects of one thread's default heap released on another thread (which only unsafe code
    /// can do, because `GCObject` is not `Sendable`): the untrack is queued for the owner.
    @Test func objectsReleasedOnAnotherThreadAreUntrackedByTheOwner() {
        final class Handoff: @unchecked Sendable {
            var nodes: [LinkNode] = []
        }
        onFreshThread {
            let handoff = Handoff()
            for _ in 0..<1000 {
                let node = LinkNode()
                node.next = LinkNode()
                handoff.nodes.append(node)
            }
            #expect(Heap.current.trackedCount == 2000)
            let releaser = TestThread { handoff.nodes.removeAll() }
            releaser.join()
            #expect(Heap.current.trackedCount == 0)
            #expect(GC.collect() == 0)
            Heap.current._checkInvariants()
            let survivor = LinkNode()
            survivor.next = survivor
            #expect(GC.objects().count == 1)
            survivor.next = nil
        }
    }

    /// Weak references, their callbacks and finalizers on several threads at once: the weak
    /// reference registry is shared by the process, and the first instances of a finalizing
    /// class install its release hook while other threads free instances of it.
    @Test func weakReferencesAndFinalizersOnManyThreads() {
        final class Counter: @unchecked Sendable {
            var finalized = 0
            var callbacks = 0
        }
        let threads = (0..<4).map { index in
            TestThread {
                let heap = Heap()
                heap.thresholds = (30, 3, 3)
                let counter = Counter()
                let journal = Journal()
                var references: [WeakRef<Phoenix>] = []
                for round in 0..<300 {
                    let a = Phoenix("a\(round)", heap: heap, journal: journal)
                    let b = Phoenix("b\(round)", heap: heap, journal: journal)
                    a.onFinalize = { _ in counter.finalized += 1 }
                    b.onFinalize = { _ in counter.finalized += 1 }
                    references.append(WeakRef(a) { _ in counter.callbacks += 1 })
                    if (round + index) % 2 == 0 {
                        a.next = b
                        b.next = a
                    }
                }
                while heap.collect() > 0 {}
                #expect(counter.finalized == 600)
                #expect(counter.callbacks == 300)
                #expect(references.allSatisfy { $0.object == nil })
            }
        }
        for thread in threads { thread.join() }
    }
}
