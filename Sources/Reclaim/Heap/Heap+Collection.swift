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
    /// `traverse` or a `deinit`) does nothing and returns 0, as in CPython.
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

    @discardableResult
    func runCollection(generation: Int) -> Int {
        let thread = RuntimeShims.currentThreadID()
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
            logNestedCollection(generation: generation)
            return 0
        }
        defer { collectingThread.store(0, ordering: .releasing) }

        if !callbacks.isEmpty {
            runCallbacks(.start, CollectionInfo(generation: generation))
        }
        if debugFlags.contains(.stats) { logStart(generation: generation) }
        let start = ContinuousClock.now
        var scan = ScanResult()
        withOwnedLists {
            state.isScanning = true
            defer { state.isScanning = false }
            scan = scanAndPromote(generation: generation)
        }
        var outcome = DisposalOutcome()
        if scan.garbageCount > 0, let garbage = scan.garbage {
            outcome = dispose(garbage, count: scan.garbageCount, generation: generation)
            garbage.deallocate()  // frees the edge buffer when the list lives in its memory
        }
        let elapsed = ContinuousClock.now - start

        let info = CollectionInfo(
            generation: generation,
            collected: outcome.collected,
            uncollectable: outcome.uncollectable,
            resurrected: outcome.resurrected,
            candidates: scan.candidates,
            duration: elapsed,
            suspects: scan.suspects + outcome.suspects
        )
        state.stats[generation].collections += 1
        state.stats[generation].candidates += scan.candidates
        state.stats[generation].collected += info.collected
        state.stats[generation].uncollectable += info.uncollectable
        state.stats[generation].resurrected += info.resurrected
        state.stats[generation].timeSpent += elapsed
        if !info.suspects.isEmpty {
            state.stats[generation].refused += 1
            logRefusal(generation: generation, suspects: info.suspects)
        }
        #if RECLAIM_INTERNAL_CHECKS
            if _checksInvariantsAfterEachCollection { _checkInvariants() }
        #endif
        if debugFlags.contains(.stats) { logDone(info) }
        recordMetrics(info)
        if !callbacks.isEmpty {
            runCallbacks(.stop, info)
        }
        return info.collected + info.uncollectable
    }

    /// How many objects ahead of the one being traversed or cleared the collector prefetches
    /// the memory its references point to.
    static let prefetchDistance = 16

    /// What the locked part of a collection found.
    struct ScanResult {
        var garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>? = nil
        var garbageCount = 0
        var candidates = 0
        var refused = false
        var suspects: [TraverseSuspect] = []
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
        state.count0 = 0
        if generation >= 1 { state.count1 = 0 }
        if generation >= 2 { state.count2 = 0 }

        mergeYoungerGenerations(into: generation)
        let count = lists[generation].count
        var result = ScanResult(candidates: count)
        guard count > 0, let objects = lists[generation].base else {
            collectionTracer?(.countsCopied(candidates: [], counts: []))
            return result
        }

        // Working counts, one per candidate: copied from the runtime, then reduced by every
        // reference found among candidates. Marked -1 once known reachable.
        let refs = UnsafeMutablePointer<Int32>.allocate(capacity: count)
        defer { refs.deallocate() }
        for index in 0..<count {
            refs[index] = Int32(clamping: RuntimeShims.retainCount(objects[index].unsafelyUnwrapped))
        }
        if let tracer = collectionTracer {
            tracer(
                .countsCopied(
                    candidates: Self.identifiers(objects, count: count),
                    counts: Self.counts(refs, count: count)
                )
            )
        }

        // One traverse per candidate. Each reference to another candidate lowers that
        // candidate's working count and is recorded (compressed sparse rows: `edgeStarts`,
        // `edges`) so the rescue pass below walks arrays instead of calling traverse again:
        // in Swift every traverse call retains and releases each reference it reports.
        let edgeStarts = UnsafeMutablePointer<Int32>.allocate(capacity: count + 1)
        defer { edgeStarts.deallocate() }
        var edges = EdgeBuffer(initialCapacity: count * 2)
        var edgeMemoryHoldsGarbage = false
        defer { if !edgeMemoryHoldsGarbage { edges.deallocate() } }
        subtractInternalReferences(
            objects: objects,
            count: count,
            tag: UInt32(generation),
            refs: refs,
            edgeStarts: edgeStarts,
            edges: &edges
        )
        if let tracer = collectionTracer {
            var references: [(source: Int, target: Int)] = []
            for source in 0..<count {
                for edge in Int(edgeStarts[source])..<Int(edgeStarts[source + 1]) {
                    references.append((source, Int(edges[edge])))
                }
            }
            tracer(.internalReferencesSubtracted(counts: Self.counts(refs, count: count), references: references))
        }

        var unreachable = 0
        var refused = false
        for index in 0..<count where refs[index] <= 0 {
            if refs[index] < 0 {
                refused = true
                break
            }
            unreachable += 1
        }
        if refused {
            // Some traverse reported a reference the runtime does not count: an object
            // could look unreachable while in use. Clear nothing; keep everything.
            result.refused = true
            collectionTracer?(.refused(counts: Self.counts(refs, count: count)))
            result.suspects = Self.suspects(
                objects: objects,
                count: count,
                refs: refs,
                edgeStarts: edgeStarts,
                edges: edges
            )
            promote(generation: generation, refs: nil, garbage: nil)
            return result
        }
        if unreachable > 0 {
            unreachable = markReachable(count: count, refs: refs, edgeStarts: edgeStarts, edges: edges)
        }
        if let tracer = collectionTracer {
            tracer(.reachableRescued(reachable: (0..<count).map { refs[$0] != 0 }))
        }
        if unreachable == 0 {
            promote(generation: generation, refs: nil, garbage: nil)
            return result
        }
        // The recorded references are no longer needed, and their buffer (at least 8 bytes per
        // candidate, already in memory) holds the garbage list without a fresh allocation,
        // whose pages the kernel would have to zero on first touch.
        let garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>
        if let reused = edges.reuseMemory(forAddresses: unreachable) {
            garbage = reused
            edgeMemoryHoldsGarbage = true
        } else {
            garbage = .allocate(capacity: unreachable)
        }
        promote(generation: generation, refs: refs, garbage: garbage)
        result.garbage = garbage
        result.garbageCount = unreachable
        return result
    }

    /// Calls each candidate's `traverse` once, lowering the working count of every candidate it
    /// references and recording the reference in `edges`.
    ///
    /// Candidates are traversed in batches: the referents a batch reports are first only
    /// recorded (and their headers prefetched), then resolved together, so the cache misses of
    /// reading referents scattered across memory overlap instead of stalling one by one.
    func subtractInternalReferences(
        objects: UnsafeMutablePointer<UnsafeMutableRawPointer?>,
        count: Int,
        tag: UInt32,
        refs: UnsafeMutablePointer<Int32>,
        edgeStarts: UnsafeMutablePointer<Int32>,
        edges: inout EdgeBuffer
    ) {
        let batchSize = 64
        let heapID = id
        var referents = ObjectList()
        defer { referents.deallocate() }
        let batchEnds = UnsafeMutablePointer<Int>.allocate(capacity: batchSize)
        defer { batchEnds.deallocate() }
        var batchStart = 0
        while batchStart < count {
            let batchEnd = Swift.min(batchStart + batchSize, count)
            referents.removeAll()
            for index in batchStart..<batchEnd {
                if index + Self.prefetchDistance < count {
                    RuntimeShims.prefetchReferents(
                        of: objects[index + Self.prefetchDistance].unsafelyUnwrapped,
                        skip: GCObject.storedPropertiesOffset
                    )
                }
                Unmanaged<GCObject>.fromOpaque(objects[index].unsafelyUnwrapped)._withUnsafeGuaranteedRef { object in
                    object.traverse { referent in
                        let address = Unmanaged.passUnretained(referent).toOpaque()
                        RuntimeShims.prefetch(address + GCObject.headerOffset)
                        _ = referents.append(address)
                    }
                }
                batchEnds[index - batchStart] = referents.count
            }
            var position = 0
            for index in batchStart..<batchEnd {
                edgeStarts[index] = edges.count
                let end = batchEnds[index - batchStart]
                while position < end {
                    let address = referents[position].unsafelyUnwrapped
                    position += 1
                    Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { referent in
                        if referent.gcHeapID == heapID, SlotWord.tag(referent.gcSlot) == tag {
                            let target = SlotWord.index(referent.gcSlot)
                            refs[target] &-= 1
                            edges.append(Int32(truncatingIfNeeded: target))
                        }
                    }
                }
            }
            batchStart = batchEnd
        }
        edgeStarts[count] = edges.count
    }

    /// The candidates whose working count went below zero, with the types of the candidates
    /// that reported them. Only runs when a collection is refused.
    static func suspects(
        objects: UnsafeMutablePointer<UnsafeMutableRawPointer?>,
        count: Int,
        refs: UnsafeMutablePointer<Int32>,
        edgeStarts: UnsafeMutablePointer<Int32>,
        edges: EdgeBuffer
    ) -> [TraverseSuspect] {
        func typeName(_ index: Int) -> String {
            Unmanaged<GCObject>.fromOpaque(objects[index].unsafelyUnwrapped)._withUnsafeGuaranteedRef {
                _typeName(type(of: $0), qualified: false)
            }
        }
        var referrers: [Int: Set<String>] = [:]
        for index in 0..<count where refs[index] < 0 {
            referrers[index] = []
        }
        for source in 0..<count {
            for edge in Int(edgeStarts[source])..<Int(edgeStarts[source + 1]) {
                let target = Int(edges[edge])
                if referrers[target] != nil { referrers[target]?.insert(typeName(source)) }
            }
        }
        var grouped: [String: (referrers: Set<String>, excess: Int)] = [:]
        for (target, types) in referrers {
            let name = typeName(target)
            grouped[name, default: ([], 0)].referrers.formUnion(types)
            grouped[name, default: ([], 0)].excess += Int(-refs[target])
        }
        return grouped.map { name, entry in
            TraverseSuspect(referencedTypeName: name, referrerTypeNames: entry.referrers.sorted(), excess: entry.excess)
        }
        .sorted { $0.referencedTypeName < $1.referencedTypeName }
    }

    /// Marks (-1) every candidate reachable from a candidate with outside references, with an
    /// explicit stack instead of recursion. Returns how many candidates stay unmarked.
    func markReachable(
        count: Int,
        refs: UnsafeMutablePointer<Int32>,
        edgeStarts: UnsafeMutablePointer<Int32>,
        edges: EdgeBuffer
    ) -> Int {
        let stack = UnsafeMutablePointer<Int32>.allocate(capacity: count)
        defer { stack.deallocate() }
        var marked = 0
        for root in 0..<count where refs[root] > 0 {
            refs[root] = -1
            marked += 1
            stack[0] = Int32(truncatingIfNeeded: root)
            var depth = 1
            while depth > 0 {
                depth -= 1
                let index = Int(stack[depth])
                for edge in Int(edgeStarts[index])..<Int(edgeStarts[index + 1]) {
                    let target = Int(edges[edge])
                    if refs[target] >= 0 {
                        refs[target] = -1
                        marked += 1
                        stack[depth] = Int32(truncatingIfNeeded: target)
                        depth += 1
                    }
                }
            }
        }
        return count - marked
    }

    /// Moves younger generations into `generation`'s list and squeezes out holes, so the
    /// candidates are the dense range `0..<lists[generation].count`.
    private func mergeYoungerGenerations(into generation: Int) {
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

    /// Moves survivors of a collection of `generation` to the next generation (generation 2
    /// survivors stay, compacted) and, when `refs` is given, moves each candidate whose
    /// working count is 0 into `garbage`, retained and flagged.
    private func promote(
        generation: Int,
        refs: UnsafeMutablePointer<Int32>?,
        garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>?
    ) {
        let source = lists[generation]
        let count = source.count
        let target = generation < 2 ? generation + 1 : 2
        var garbageCount = 0
        var kept = 0
        if generation < 2 {
            lists[target].reserveCapacity(lists[target].count + count)
        }
        for index in 0..<count {
            let address = source[index].unsafelyUnwrapped
            let object = Unmanaged<GCObject>.fromOpaque(address)
            if let refs, refs[index] == 0, let garbage {
                garbage[garbageCount] = address
                object._withUnsafeGuaranteedRef { $0.gcSlot = SlotWord.garbageFlag | UInt32(garbageCount) }
                _ = object.retain()
                garbageCount += 1
            } else if generation < 2 {
                let position = lists[target].append(address)
                object._withUnsafeGuaranteedRef { $0.gcSlot = SlotWord.make(index: position, generation: target) }
                kept += 1
            } else {
                if kept != index {
                    source[kept] = address
                    object._withUnsafeGuaranteedRef { $0.gcSlot = SlotWord.make(index: kept, generation: 2) }
                }
                kept += 1
            }
        }
        if generation < 2 {
            lists[generation].removeAll()
            lists[generation].shrinkIfSparse(floor: minimumCapacity(ofGeneration: generation))
        } else {
            lists[2].truncate(to: kept)
            lists[2].trimSpareCapacity()
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
    func clearAndRelease(_ garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>, count: Int, generation: Int) -> Int {
        let outerClearingHeap = RuntimeShims.clearingHeap
        RuntimeShims.clearingHeap = Unmanaged.passUnretained(self).toOpaque()
        let cleared = collectionTracer == nil ? [] : Self.identifiers(garbage, count: count)
        let uncollectable = clearReleasingGarbage(garbage, count: count, generation: generation)
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
        generation: Int
    ) -> [GCObject] {
        for index in 0..<count {
            if index + Self.prefetchDistance < count {
                RuntimeShims.prefetchReferents(
                    of: garbage[index + Self.prefetchDistance],
                    skip: GCObject.storedPropertiesOffset
                )
            }
            Unmanaged<GCObject>.fromOpaque(garbage[index])._withUnsafeGuaranteedRef { $0.clear() }
        }
        clearSurvivors.removeAll(keepingCapacity: true)
        for index in 0..<count {
            let address = garbage[index]
            let object = Unmanaged<GCObject>.fromOpaque(address)
            if RuntimeShims.retainCount(address) > 1 {
                // Something still references it after clear(): keep tracking it in the oldest
                // generation. If a later release in this loop frees it after all, its deinit
                // removes it from `clearSurvivors`.
                withOwnedLists {
                    let position = lists[2].append(address)
                    object._withUnsafeGuaranteedRef {
                        $0.gcSlot = SlotWord.make(index: position, generation: 2) | SlotWord.clearSurvivorFlag
                    }
                }
                clearSurvivors.append(address)
            }
            object.release()
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
        return survivors.map { address in
            let object = Unmanaged<GCObject>.fromOpaque(address).takeUnretainedValue()
            if debugFlags.contains(.uncollectable) { logObject("uncollectable", object, generation: generation) }
            self.garbage.append(object)
            return object
        }
    }
}
