extension Heap {
    /// Runs a collection of `generation` and all younger generations.
    ///
    /// Finds the groups of tracked objects that are referenced only by each other, calls
    /// ``GCObject/clear()`` on every member while keeping the whole group alive, and then lets
    /// ARC free them. Objects that survive move to the next older generation.
    ///
    ///     let heap = Heap()
    ///     do {
    ///         let a = Node(heap: heap), b = Node(heap: heap)
    ///         a.next = b
    ///         b.next = a
    ///     }
    ///     heap.collect()  // 2
    ///
    /// A collection started while one is already running on this heap (from a `clear()`, a
    /// `deinit` or a callback of that collection) does nothing and returns 0, as in CPython;
    /// one started from a `traverse(_:)` stops the program with a message, since `traverse`
    /// must not use the heap.
    ///
    /// A collection requested while ARC is freeing an object on this thread (from a `deinit`,
    /// a ``GCObject/finalize()`` run on release, a ``WeakRef`` callback or a ``GC/finalizer(for:_:)``
    /// action) is deferred: this call returns 0 at once, and the collection runs at the next
    /// safe point, outside any release: the next allocation of a tracked object in this heap,
    /// or the next call of this method (which then collects the older of the two generations
    /// asked for). The code that released the object may be in the middle of writing a
    /// property of another object; a collection there would read that property mid-write.
    ///
    /// In incremental mode (``collectionMode``), generation 2 is still a full collection, 1 is
    /// one increment (the young objects plus a part of the old generation; see
    /// ``CollectionMode``), and 0 the young objects alone; survivors go to the old
    /// generation's visited space. An increment with a time budget may leave part of its
    /// garbage, already cleared, to be freed by the next allocations
    /// (``IncrementReport/releasedLater``); a full collection frees it first.
    ///
    /// - Parameter generation: 0, 1 or 2 (the default: a full collection). Any other value
    ///   stops the program with a message that names it.
    /// - Returns: The number of unreachable objects found (collected plus uncollectable).
    /// - Complexity: O(*n* + *e*), where *n* is the number of objects in the collected
    ///   generations and *e* the number of references their `traverse` reports. Objects in
    ///   older generations are never visited.
    @discardableResult
    public func collect(generation: Int = 2) -> Int {
        guard (0...2).contains(generation) else {
            fatalError("collect(generation: \(generation)): generation must be 0, 1 or 2")
        }
        return runCollection(generation: generation)
    }

    /// Picks the generation CPython would collect when threshold 0 is exceeded and collects it.
    func collectAutomatically() {
        if collectingThread.load(ordering: .relaxed) != 0 { return }
        if state.isIncremental {
            runCollection(generation: needsFullCollectionInIncrementalMode ? 2 : 1)
            return
        }
        var generation = 2
        while generation > 0 {
            if state.count(generation) > state.threshold(generation) {
                // The 25 % rule: a full collection only when enough objects have reached
                // generation 2 since the last one, so building a large long-lived structure
                // costs amortized linear time instead of quadratic.
                if generation < 2 || state.longLivedPending >= state.longLivedTotal / 4 {
                    break
                }
            }
            generation -= 1
        }
        runCollection(generation: generation)
    }

    /// Called when an allocation takes the net allocation count past the collection trigger:
    /// frees the next chunk of deferred garbage when it is due, then runs a deferred
    /// collection, or an automatic one, unless this thread is inside a release or a
    /// collection (the next allocation then checks again).
    @inline(never)
    func collectBeforeTracking() {
        guard collectingThread.load(ordering: .relaxed) == 0, RuntimeShims.releaseDepth == 0 else { return }
        if state.count0 > state.deferredReleaseTrigger {
            releaseDeferredGarbage(upTo: Self.deferredReleasesPerChunk)
        }
        if state.pendingGeneration >= 0 {
            runCollection(generation: state.pendingGeneration)
        } else if state.isEnabled, state.threshold0 != 0, state.count0 > state.automaticTrigger {
            collectAutomatically()
        }
    }

    /// When the collection of `generation` that started at `start` must stop freeing its
    /// garbage: for an increment with a time budget, the end of that budget; otherwise never.
    private func releaseDeadline(forCollectionOf generation: Int, startedAt start: ContinuousClock.Instant)
        -> ContinuousClock.Instant?
    {
        guard generation == 1, case .incremental(.time(let budget)) = state.mode else { return nil }
        return start + budget
    }

    /// Remembers a collection requested inside a release, to run at the next safe point.
    private func deferCollection(generation: Int) {
        state.pendingGeneration = Swift.max(state.pendingGeneration, generation)
        state.updateCollectionTrigger()
        logger.debug(
            """
            gc: collect(generation: \(generation)) deferred: requested while ARC is freeing an \
            object on this thread; it runs at the next allocation of a tracked object or the next \
            collect() outside a release
            """
        )
    }

    /// The generation of a collection requested during a release and not run yet, if any.
    package var deferredCollectionGeneration: Int? {
        state.pendingGeneration >= 0 ? state.pendingGeneration : nil
    }

    /// Runs a collection of `requested` (or of an older deferred generation), or defers it
    /// inside a release. The caller holds a strong reference to the heap for the call (as
    /// Swift's own callers do): the collection may free every other owner of the heap, its own
    /// garbage included.
    @discardableResult
    func runCollection(generation requested: Int) -> Int {
        let thread = RuntimeShims.currentThreadID()
        if collectingThread.load(ordering: .relaxed) != thread, RuntimeShims.releaseDepth > 0 {
            deferCollection(generation: requested)
            return 0
        }
        let (started, runningThread) = collectingThread.compareExchange(
            expected: 0,
            desired: thread,
            ordering: .acquiringAndReleasing
        )
        if !started {
            guard runningThread == thread else {
                fatalError(
                    """
                    Reclaim: a heap was collected on two threads at once. A Heap and its objects \
                    must stay in one isolation domain (one thread, task or actor).
                    """
                )
            }
            if state.isScanning { Self.misuseInTraverse("called collect()") }
            logNestedCollection(generation: requested)
            return 0
        }
        defer { collectingThread.store(0, ordering: .releasing) }
        let generation = Swift.max(requested, state.pendingGeneration)
        // The mode the collection runs in, for `stats(in:)`: a finalizer or callback may change it.
        let mode = state.mode.kind
        if state.pendingGeneration >= 0 {
            state.pendingGeneration = -1
            state.updateCollectionTrigger()
        }

        if !callbacks.isEmpty {
            runCallbacks(.start, CollectionInfo(generation: generation))
        }
        if debugFlags.contains(.stats) { logStart(generation: generation) }
        let start = ContinuousClock.now
        if generation == 2, !deferredReleases.isEmpty {
            // A full collection leaves no garbage behind, deferred or not.
            releaseAllDeferredGarbage()
        }
        var scan = ScanResult()
        withOwnedLists {
            state.isScanning = true
            defer { state.isScanning = false }
            scan = scanAndPromote(generation: generation)
        }
        var outcome = DisposalOutcome()
        let deferredBefore = deferredReleases.count
        if scan.garbageCount > 0, let garbage = scan.garbage {
            outcome = dispose(
                garbage,
                count: scan.garbageCount,
                generation: generation,
                releaseDeadline: releaseDeadline(forCollectionOf: generation, startedAt: start)
            )
            garbage.deallocate()  // frees the edge buffer when the list lives in its memory
        }
        let elapsed = ContinuousClock.now - start
        scan.increment?.releasedLater = deferredReleases.count - deferredBefore

        let info = CollectionInfo(
            generation: generation,
            collected: outcome.collected,
            uncollectable: outcome.uncollectable,
            resurrected: outcome.resurrected,
            candidates: scan.candidates,
            duration: elapsed,
            suspects: scan.suspects + outcome.suspects,
            heldBack: scan.heldBack + outcome.heldBack,
            increment: scan.increment
        )
        state.stats[generation].record(info)
        state.statsByMode[CollectorState.statsIndex(mode, generation: generation)].record(info)
        if scan.increment != nil {
            state.incremental.record(pause: elapsed, objects: scan.candidates)
            // A time budget's object count follows the measured cost, and the trigger with it.
            state.updateCollectionTrigger()
        }
        storageNodesInLastCollection = scan.storageNodes
        if !info.suspects.isEmpty {
            logOverReport(
                generation: generation,
                suspects: info.suspects,
                heldBack: info.heldBack,
                distrustedTypeNames: Array(Set(scan.heldBackTypeNames + outcome.heldBackTypeNames)).sorted(),
                collected: info.collected + info.uncollectable
            )
        }
        #if RECLAIM_INTERNAL_CHECKS
            if _checksInvariantsAfterEachCollection { _checkInvariants() }
        #endif
        logCrossHeapReferences()
        logTemporaryBuffers(scan.temporaryBuffers)
        if debugFlags.contains(.stats) { logDone(info) }
        recordMetrics(info)
        if !callbacks.isEmpty {
            runCallbacks(.stop, info)
        }
        return info.collected + info.uncollectable
    }

    /// What the locked part of a collection found.
    struct ScanResult {
        var garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>? = nil
        var garbageCount = 0
        var candidates = 0
        var suspects: [TraverseSuspect] = []
        /// Candidates kept because an over-reporting `traverse` could reach them.
        var heldBack = 0
        var heldBackTypeNames: [String] = []
        /// Storage nodes the scan counted (see `SharedStorage`).
        var storageNodes = 0
        /// Collections built inside a `traverse`, whose references went uncounted.
        var temporaryBuffers: [(TemporaryBufferReport, reporter: String, container: String)] = []
        /// What an increment scanned, in incremental mode.
        var increment: IncrementReport? = nil
    }

    /// Steps 1–6 of CPython's collection: bookkeeping, merge, count copy, subtraction of
    /// internal references, rescue of everything reachable from outside, promotion. Returns
    /// the unreachable objects, each retained once and flagged as garbage.
    private func scanAndPromote(generation: Int) -> ScanResult {
        switch generation {
        case 0: state.count1 &+= 1
        case 1: state.count2 &+= 1
        default: break
        }
        resetAllocationCount()
        if generation >= 1 { state.count1 = 0 }
        if generation >= 2 { state.count2 = 0 }

        guard state.isIncremental else {
            if generation == 2, lists[1].liveCount == 0, lists[2].liveCount == 0 {
                return scanYoungObjectsAsAFullCollection()
            }
            mergeYoungerGenerations(into: generation)
            return scan(generation: generation, promotingTo: Swift.min(generation + 1, 2))
        }
        return scanIncrementally(generation: generation)
    }

    /// A full collection of a heap whose objects are all young (the first collection of a
    /// program, or one built with automatic collection off): list 0 is scanned where it is and
    /// its survivors go to list 2, instead of moving every object into list 2 first. The same
    /// candidates as a merge would give, in the same order; only the survivors move.
    private func scanYoungObjectsAsAFullCollection() -> ScanResult {
        mergeYoungerGenerations(into: 0)
        lists[1].removeAll()
        lists[2].removeAll()
        let result = scan(generation: 0, promotingTo: 2)
        // Room was made for every candidate; keep what a stable generation 2 needs, as the
        // merged path does.
        lists[2].trimSpareCapacity()
        state.longLivedPending = 0
        state.longLivedTotal = lists[2].liveCount
        return result
    }

    /// Steps 2–6 over the objects of list `generation` (each tagged with it), survivors moved
    /// to list `target` (compacted in place when it is the same list). The first
    /// `youngObjects` candidates are young ones: in incremental mode, those that survive set
    /// the pace of the next increment.
    func scan(generation: Int, promotingTo target: Int, youngObjects: Int = 0) -> ScanResult {
        let count = lists[generation].count
        var result = ScanResult(candidates: count)
        guard count > 0, let objects = lists[generation].base else {
            collectionTracer?(.countsCopied(candidates: [], counts: []))
            return result
        }

        var scan = ReferenceScan(objects: objects, count: count)
        var edgeMemoryHoldsGarbage = false
        defer { scan.deallocate(keepingEdgeMemory: edgeMemoryHoldsGarbage) }
        scan.copyCounts()
        if let tracer = collectionTracer {
            tracer(.countsCopied(candidates: Self.identifiers(objects, count: count), counts: scan.candidateCounts()))
        }
        scan.subtractInternalReferences(
            membership: SlotMembership(heapID: id, tag: UInt32(generation)),
            otherHeap: crossHeapReferenceRecorder()
        )
        if let tracer = collectionTracer {
            tracer(
                .internalReferencesSubtracted(counts: scan.candidateCounts(), references: scan.candidateReferences())
            )
        }

        result.storageNodes = scan.storages.count
        result.temporaryBuffers = temporaryBuffers(in: scan)
        var (unreachable, overReported) = scan.zeroCountsAndOverReport()
        if overReported {
            // Some traverse reported a reference the runtime does not count: whatever that
            // could hide from view is kept, the rest collected (see `OverReport`).
            collectionTracer?(.refused(counts: scan.candidateCounts()))
            let overReport = scan.containOverReport()
            result.suspects = overReport.suspects
            result.heldBack = overReport.heldBack.count
            result.heldBackTypeNames = overReport.distrustedTypeNames
            unreachable = (0..<count).count(where: { scan.refs[$0] == 0 })
        } else if unreachable > 0 {
            unreachable = scan.markReachable()
        }
        if let tracer = collectionTracer {
            tracer(.reachableRescued(reachable: (0..<count).map { scan.refs[$0] != 0 }))
        }
        if unreachable == 0 {
            promote(generation: generation, into: target, youngObjects: youngObjects, refs: nil, garbage: nil)
            return result
        }
        // The recorded references are no longer needed, and their buffer (at least 8 bytes per
        // candidate, already in memory) holds the garbage list without a fresh allocation,
        // whose pages the kernel would have to zero on first touch.
        let garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>
        if let reused = scan.edges.reuseMemory(forAddresses: unreachable) {
            garbage = reused
            edgeMemoryHoldsGarbage = true
        } else {
            garbage = .allocate(capacity: unreachable)
        }
        promote(generation: generation, into: target, youngObjects: youngObjects, refs: scan.refs, garbage: garbage)
        result.garbage = garbage
        result.garbageCount = unreachable
        return result
    }

    /// Moves younger generations into `generation`'s list and squeezes out holes, so the
    /// candidates are the dense range `0..<lists[generation].count`.
    func mergeYoungerGenerations(into generation: Int) {
        if lists[generation].holes > 0 {
            compact(generation: generation)
        }
        guard generation > 0 else { return }
        var total = lists[generation].count
        for younger in 0..<generation { total += lists[younger].liveCount }
        lists[generation].reserveCapacity(total)
        for younger in 0..<generation {
            moveAll(from: younger, to: generation)
        }
    }

    /// Moves survivors of a collection of list `generation` to list `target` (survivors of a
    /// list collected into itself stay, compacted) and, when `refs` is given, moves each
    /// candidate whose working count is 0 into `garbage`, retained and flagged. Survivors
    /// among the first `youngObjects` candidates count as promoted for incremental mode's pace.
    private func promote(
        generation: Int,
        into target: Int,
        youngObjects: Int,
        refs: UnsafeMutablePointer<Int32>?,
        garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>?
    ) {
        let source = lists[generation]
        if youngObjects > 0 {
            // Counted apart from the loop below, which every collection runs per object.
            var promoted = 0
            var bytes = 0
            for index in 0..<youngObjects where refs.map({ $0[index] != 0 }) ?? true {
                promoted += 1
                bytes &+= RuntimeShims.instanceSize(ofObjectAt: source[index].unsafelyUnwrapped)
            }
            state.incremental.promotedSinceIncrement += promoted
            state.incremental.promotedBytesSinceIncrement &+= bytes
        }
        let count = source.count
        var garbageCount = 0
        var kept = 0
        if target != generation {
            lists[target].reserveCapacity(lists[target].count + count)
        }
        for index in 0..<count {
            let address = source[index].unsafelyUnwrapped
            let object = Unmanaged<GCObject>.fromOpaque(address)
            if let refs, refs[index] == 0, let garbage {
                garbage[garbageCount] = address
                object._withUnsafeGuaranteedRef { $0.gcSlot = SlotWord.garbageFlag | UInt32(garbageCount) }
                RuntimeShims.retainUnreachable(address)
                garbageCount += 1
            } else if target != generation {
                list(address, in: target)
                kept += 1
            } else {
                if kept != index {
                    source[kept] = address
                    object._withUnsafeGuaranteedRef {
                        $0.gcSlot = SlotWord.make(index: kept, generation: generation)
                    }
                }
                kept += 1
            }
        }
        if target != generation {
            lists[generation].removeAll()
            lists[generation].shrinkIfSparse(floor: minimumCapacity(ofGeneration: generation))
        } else {
            lists[generation].truncate(to: kept)
            lists[generation].trimSpareCapacity()
        }
        switch generation {
        case 1:
            state.longLivedPending += kept
        case 2:
            state.longLivedPending = 0
            state.longLivedTotal = lists[2].liveCount
        default:
            break
        }
    }

    /// Calls `clear()` on every unreachable object, then drops the collection's reference to
    /// each so ARC frees them. Returns how many were still referenced after their `clear()`.
    ///
    /// With a `releaseDeadline` (an increment with a time budget), the objects still to free
    /// when it passes are left to `releaseDeferredGarbage(upTo:)`, provided each is held by
    /// the collection alone once everything is cleared.
    func clearAndRelease(
        _ garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>,
        count: Int,
        generation: Int,
        releaseDeadline: ContinuousClock.Instant? = nil
    ) -> Int {
        let outerClearingHeap = RuntimeShims.clearingHeap
        RuntimeShims.clearingHeap = Unmanaged.passUnretained(self).toOpaque()
        let cleared = collectionTracer == nil ? [] : Self.identifiers(garbage, count: count)
        let uncollectable = clearReleasingGarbage(
            garbage,
            count: count,
            generation: generation,
            releaseDeadline: releaseDeadline
        )
        RuntimeShims.clearingHeap = outerClearingHeap
        if let tracer = collectionTracer {
            tracer(.cleared(garbage: cleared, uncollectable: uncollectable.map { ObjectIdentifier($0) }))
        }
        runPostponedCallbacks()
        return uncollectable.count
    }

    /// Runs the callbacks of the untracked weak references whose referent died during the
    /// clearing, if the weak reference outlived it (see `PostponedCallback`).
    private func runPostponedCallbacks() {
        while !postponedCallbacks.isEmpty {
            let postponed = postponedCallbacks
            postponedCallbacks.removeAll()
            for entry in postponed {
                entry.node?.takeCallback()?()
            }
        }
    }

    private func clearReleasingGarbage(
        _ garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>,
        count: Int,
        generation: Int,
        releaseDeadline: ContinuousClock.Instant?
    ) -> [GCObject] {
        for index in 0..<count {
            if index + ReferenceScan.prefetchDistance < count {
                RuntimeShims.prefetchReferents(
                    of: garbage[index + ReferenceScan.prefetchDistance],
                    skip: GCObject.storedPropertiesOffset
                )
            }
            Unmanaged<GCObject>.fromOpaque(garbage[index])._withUnsafeGuaranteedRef { $0.clear() }
        }
        clearSurvivors.removeAll(keepingCapacity: true)
        if let releaseDeadline, releaseUntil(releaseDeadline, garbage, count: count) {
            return []
        }
        for index in 0..<count {
            let address = garbage[index]
            let object = Unmanaged<GCObject>.fromOpaque(address)
            if RuntimeShims.strongCount(of: address) > 1 {
                // Something still references it after clear(): keep tracking it in the oldest
                // generation. If a later release in this loop frees it after all, its deinit
                // removes it from `clearSurvivors`.
                withOwnedLists { list(address, in: keptObjectsList, flags: SlotWord.clearSurvivorFlag) }
                clearSurvivors.append(address)
                object.release()
            } else {
                // The last reference: releasing it frees the object (see `releaseUnreachable`
                // for when that skips the atomic operation).
                RuntimeShims.releaseUnreachable(address)
            }
        }
        var survivors: [UnsafeMutableRawPointer] = []
        withOwnedLists {
            for case let address? in clearSurvivors {
                Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef {
                    $0.gcSlot &= ~SlotWord.clearSurvivorFlag
                }
                survivors.append(address)
            }
        }
        clearSurvivors.removeAll(keepingCapacity: true)
        // Like CPython's uncollectable objects, they go to `garbage`, where they stay alive
        // (and are not cleared again by every later collection) until the program deals with
        // them.
        let uncollectable = survivors.map { address in
            let object = Unmanaged<GCObject>.fromOpaque(address).takeUnretainedValue()
            if debugFlags.contains(.uncollectable) { logObject("uncollectable", object, generation: generation) }
            garbageStorage.append(object)
            return object
        }
        if !uncollectable.isEmpty { logUncollectable(uncollectable, generation: generation) }
        return uncollectable
    }
}
