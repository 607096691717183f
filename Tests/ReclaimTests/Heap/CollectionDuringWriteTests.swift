import Reclaim
import Testing

/// A collection never reads a property in the middle of its write. Debug builds check
/// exclusivity at run time, so each scenario would stop the program with "Simultaneous
/// accesses" if the collector called `traverse` on the object being written; each runs in a
/// child process so that such a failure is reported as a failed test.
///
/// Collections requested while ARC frees an object (from `finalize()`, a `deinit`, a weak
/// reference callback or a finalizer action) are deferred to the next safe point; an automatic
/// collection that starts inside a `mutating` method of a property leaves that object alone.
@Suite struct CollectionDuringWriteTests {
    /// Replaces the holder's children, whose release runs `release` code that collects.
    private static func replaceChildren(
        heap: Heap,
        makeChild: (Heap) -> GCObject
    ) -> (holder: ChildHolder, deferredBefore: Int?, collectionsBefore: Int) {
        let holder = ChildHolder(heap: heap)
        holder.me = holder
        holder.children = [makeChild(heap)]
        let before = heap.stats[2].collections
        holder.children = []
        return (holder, heap.deferredCollectionGeneration, before)
    }

    @Test func aFinalizerThatCollectsWhileAPropertyIsWrittenIsDeferred() async {
        await #expect(processExitsWith: .success) {
            let heap = Heap()
            heap.disable()
            let (holder, deferred, before) = Self.replaceChildren(heap: heap) { heap in
                let child = FinalizingLinkNode(heap: heap)
                child.onFinalize = { heap.collect() }
                return child
            }
            precondition(deferred == 2, "the collection waits for a safe point")
            precondition(heap.stats[2].collections == before, "nothing ran inside the release")
            _ = LinkNode(heap: heap)  // the next allocation is a safe point
            precondition(heap.stats[2].collections == before + 1, "the deferred collection ran")
            precondition(heap.deferredCollectionGeneration == nil)
            holder.me = nil
        }
    }

    @Test func aDeinitThatCollectsWhileAPropertyIsWrittenIsDeferred() async {
        await #expect(processExitsWith: .success) {
            let heap = Heap()
            let (holder, deferred, before) = Self.replaceChildren(heap: heap) { heap in
                DeinitHookNode(heap: heap) { heap.collect(generation: 1) }
            }
            precondition(deferred == 1)
            precondition(heap.collect(generation: 0) >= 0 && heap.deferredCollectionGeneration == nil)
            precondition(heap.stats[1].collections == 1, "collect() ran the deferred generation 1")
            _ = before
            holder.me = nil
        }
    }

    @Test func aWeakReferenceCallbackAndAFinalizerActionThatCollectAreDeferred() async {
        await #expect(processExitsWith: .success) {
            let heap = Heap()
            heap.disable()
            var keep: [AnyObject] = []
            let (holder, deferred, _) = Self.replaceChildren(heap: heap) { heap in
                let child = LinkNode(heap: heap)
                keep.append(WeakRef(child) { _ in heap.collect(generation: 0) })
                keep.append(GC.finalizer(for: child) { heap.collect(generation: 0) })
                return child
            }
            precondition(deferred == 0)
            holder.me = nil
            withExtendedLifetime(keep) {}
        }
    }

    @Test func anAllocationPastThresholdZeroInADeinitIsDeferred() async {
        await #expect(processExitsWith: .success) {
            let heap = Heap()
            heap.disable()
            let holder = ChildHolder(heap: heap)
            holder.me = holder
            holder.children = [DeinitHookNode(heap: heap) { _ = LinkNode(heap: heap) }]
            // The holder is young: the allocation in the deinit would collect it mid-write.
            heap.thresholds = (1, 10, 10)
            heap.enable()
            let before = heap.stats[0].collections
            holder.children = []
            precondition(heap.stats[0].collections == before, "nothing ran inside the release")
            _ = LinkNode(heap: heap)
            precondition(heap.stats[0].collections == before + 1, "the next allocation collected")
            holder.me = nil
        }
    }

    @Test func anAutomaticCollectionInsideAMutatingMethodLeavesTheObjectBeingWrittenAlone() async {
        await #expect(processExitsWith: .success) {
            let heap = Heap()
            heap.thresholds = (1, 1, 1)
            let holder = ChildHolder(heap: heap)
            holder.me = holder
            // Each allocation inside addPages runs an automatic collection while the write
            // access to `holder.model` is in progress.
            holder.model.addPages(50, heap: heap)
            precondition(heap.stats.reduce(0) { $0 + $1.collections } >= 20)
            precondition(holder.model.pages.count == 50, "nothing the holder reaches was cleared")
            holder.me = nil
            holder.model = ChildModel()
        }
    }

    @Test func settingGarbageWhileAReleaseOfItsObjectsCollectsIsSafe() async {
        await #expect(processExitsWith: .success) {
            let heap = Heap()
            heap.disable()
            heap.debugFlags = .saveAll
            do {
                let saved = DeinitHookNode(heap: heap) { heap.collect() }
                saved.next = saved
            }
            precondition(heap.collect() == 1)
            // More garbage, which a collection run from the saved object's deinit would append
            // to `garbage` (saveAll) while `garbage = []` is being written.
            do {
                let next = LinkNode(heap: heap)
                next.next = next
            }
            (heap.garbage.first as? DeinitHookNode)?.next = nil
            heap.garbage = []
            precondition(heap.garbage.isEmpty, "the collection waited for a safe point")
            precondition(heap.collect() == 1)
            precondition(heap.garbage.count == 1)
            // Leave nothing behind (the child process runs under LeakSanitizer in CI).
            (heap.garbage.first as? LinkNode)?.next = nil
            heap.garbage = []
        }
    }

    @Test func aCollectionRequestedByAReleaseOfGarbageRunsAfterTheSetter() async {
        await #expect(processExitsWith: .success) {
            let heap = Heap()
            heap.disable()
            heap.debugFlags = .saveAll
            do {
                let holder = ChildHolder(heap: heap)
                holder.me = holder
                holder.children = [DeinitHookNode(heap: heap) { heap.collect() }]
            }
            precondition(heap.collect() == 2)
            heap.debugFlags = []
            let before = heap.stats[2].collections
            for case let saved as ChildHolder in heap.garbage { saved.me = nil }
            heap.garbage = []
            precondition(heap.deferredCollectionGeneration == 2)
            precondition(heap.stats[2].collections == before)
            heap.collect()
            precondition(heap.stats[2].collections == before + 1)
        }
    }
}

/// Objects whose deinitialization has begun are still listed by their heap until
/// `GCObject.deinit` runs; a scan counts them as referenced from outside and never calls
/// their `traverse` (their subclass's properties may already be destroyed).
@Suite struct DeinitializingCandidateTests {
    /// Counts the calls of its `traverse` and, in its `deinit`, runs a dry run of its heap.
    final class SelfScanningNode: GCObject {
        var next: GCObject?
        var traversals = 0
        var unreachableDuringDeinit: [ObjectIdentifier]?
        var traversalsDuringDeinit = 0

        override func traverse(_ visit: (GCObject) -> Void) {
            traversals += 1
            if let next { visit(next) }
        }

        deinit {
            let before = traversals
            let heap = Heap.tracking(self)
            unreachableDuringDeinit = heap?.unreachableObjects().map(ObjectIdentifier.init)
            traversalsDuringDeinit = traversals - before
            Observed.shared.lastUnreachableCount = unreachableDuringDeinit?.count ?? -1
            Observed.shared.lastTraversals = traversalsDuringDeinit
            Observed.shared.sawSelf = unreachableDuringDeinit?.contains(ObjectIdentifier(self)) ?? true
        }
    }

    final class Observed: @unchecked Sendable {
        static let shared = Observed()
        var lastUnreachableCount = -2
        var lastTraversals = -2
        var sawSelf = true
    }

    @Test func aDryRunFromADeinitDoesNotTraverseTheDyingObject() {
        let heap = Heap()
        heap.disable()
        let other = LinkNode(heap: heap)
        other.next = other
        do {
            let dying = SelfScanningNode(heap: heap)
            dying.next = LinkNode(heap: heap)
        }
        #expect(Observed.shared.lastTraversals == 0, "its traverse was not called while it was dying")
        #expect(Observed.shared.sawSelf == false, "it is not reported as garbage")
        #expect(Observed.shared.lastUnreachableCount == 0, "other is held by this test")
        other.next = nil
    }
}
