extension Heap {
    /// Counts the allocation of `object`, runs an automatic collection first if that takes net
    /// allocations past the automatic trigger (threshold 0, or less in incremental mode; as
    /// CPython does, the new object is not part of it) or frees a chunk of deferred garbage, and
    /// starts tracking `object` in generation 0. Called once, from `GCObject.init`, whose
    /// caller holds a strong reference to the heap: the collection may free the heap's other
    /// owners (see `init(sameHeapAs:)`).
    ///
    /// An object whose class never overrides ``GCObject/traverse(_:)`` reports no references,
    /// so it can never hold a cycle together: like CPython's atomic objects it is not tracked
    /// (and not counted toward threshold 0) unless `always` is set. It is still finalized when
    /// ARC frees it.
    @inline(__always)
    func track(_ object: GCObject, always: Bool = false) {
        if state.isScanning {
            Self.misuseInTraverse("created a tracked object (\(type(of: object)))")
        }
        let address = Unmanaged.passUnretained(object).toOpaque()
        if always || RuntimeShims.overridesTraverse(address) {
            state.count0 &+= 1
            if state.count0 > state.collectionTrigger {
                collectBeforeTracking()
            }
            appendToYoungest(object, at: address)
        }
        if !RuntimeShims.hasReleaseHook(address) {
            Self.installReleaseHook(for: address)
        }
    }

    @inline(__always)
    private func appendToYoungest(_ object: GCObject, at address: UnsafeMutableRawPointer) {
        let index = lists[0].append(address)
        object.gcSlot = SlotWord.make(index: index, generation: 0)
        object.gcHeapID = id
    }

    /// Lists an object that is in no list of this heap (taken out of one, or flagged as
    /// garbage) at the end of list `generation`, and writes its new slot word with `flags`.
    /// Call with the lists owned (`withOwnedLists`) unless a collection holds them.
    @inline(__always)
    func list(_ address: UnsafeMutableRawPointer, in generation: Int, flags: UInt32 = 0) {
        let position = lists[generation].append(address)
        Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef {
            $0.gcSlot = SlotWord.make(index: position, generation: generation) | flags
        }
    }

    /// Starts a new count of net allocations (after a collection, or a freeze): the next
    /// chunk of deferred garbage, if any waits, is counted from there too.
    func resetAllocationCount() {
        state.count0 = 0
        if !deferredReleases.isEmpty { rebaseDeferredReleaseTrigger() }
    }

    /// What tracking does for an object of a class that is never tracked, which needs no heap:
    /// its class gets the release hook (for `finalize()` on release).
    static func prepareUntracked(_ object: GCObject) {
        let address = Unmanaged.passUnretained(object).toOpaque()
        if !RuntimeShims.hasReleaseHook(address) {
            installReleaseHook(for: address)
        }
    }

    /// Gives the class of the object at `address` Reclaim's destroy function (once per class):
    /// releases of its instances count as releases (collections requested meanwhile wait),
    /// and `finalize()` runs before `deinit` when the class overrides it. Says so once when
    /// the class cannot get it.
    @inline(never)
    static func installReleaseHook(for address: UnsafeMutableRawPointer) {
        guard !RuntimeShims.installReleaseHook(of: address, hook: { GCObject.runFinalizerOnRelease($0) }) else {
            return
        }
        let type = Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { Swift.type(of: $0) }
        ReleaseHookFailures.report(type)
    }

    /// Stops tracking `object`, which is being deinitialized in this heap's domain. Called from
    /// `GCObject.deinit`.
    @inline(__always)
    func untrack(_ object: GCObject) {
        if state.isScanning {
            Self.misuseInTraverse("freed a tracked object (\(type(of: object)))")
        }
        let slot = object.gcSlot
        object.gcHeapID = 0
        if slot & SlotWord.garbageFlag != 0 {
            // Garbage a collection found, freed by it or later (`deferredReleases`): no longer
            // listed anywhere, and no longer counted as an allocation (collections reset the
            // count), so freeing it does not delay the next collection either.
            return
        }
        if state.count0 > 0 { state.count0 &-= 1 }
        if slot & SlotWord.clearSurvivorFlag != 0 {
            forgetClearSurvivor(Unmanaged.passUnretained(object).toOpaque())
        }
        let generation = SlotWord.generation(slot)
        lists[generation].remove(at: SlotWord.index(slot))
        let list = lists[generation]
        if list.holes == list.count {
            lists[generation].removeAll()
        } else if list.holes > 4096, list.holes > 3 * list.liveCount, !isPendingSpace(generation) {
            // Mostly holes: squeeze them out so a list that is rarely collected (or a young
            // list under allocate-and-free churn that never reaches threshold 0) stays small.
            // Amortized O(1): each compaction scans at most 4/3 slots per hole it removes.
            // Incremental mode's pending space is left alone: increments empty it, and a
            // compaction here would be a pause no statistic counts.
            withOwnedLists {
                compact(generation: generation)
            }
        }
    }

    /// Whether list `generation` is the pending space of incremental mode's current pass.
    private func isPendingSpace(_ generation: Int) -> Bool {
        state.isIncremental && generation == state.incremental.pendingSpace
    }

    /// Queues the untrack of an object that dies on a thread other than the heap's owner.
    /// Called with the registry lock held (see `HeapRegistry.untrackFromAnotherThread`).
    ///
    /// Only the dying object's own header is read and written here, under the lock that the
    /// owner holds whenever it moves objects between lists; the lists themselves are left to
    /// the owner, which applies the queue before its next collection or inspection.
    func deferUntrack(_ object: GCObject) {
        deferredUntracks.withLock { deferred in
            deferred.append(DeferredUntrack(slot: object.gcSlot, address: Unmanaged.passUnretained(object).toOpaque()))
            object.gcHeapID = 0
        }
    }

    /// Runs `body` with the lists to itself: the queue of foreign untracks applied and its
    /// lock held, so no foreign `deinit` reads a slot word that `body` rewrites.
    func withOwnedLists<Result>(_ body: () throws -> Result) rethrows -> Result {
        if state.isScanning {
            Self.misuseInTraverse("used the heap it is being collected by")
        }
        return try deferredUntracks.withLock { deferred in
            applyDeferredUntracks(&deferred)
            return try body()
        }
    }

    /// Stops the program when user code running inside `traverse` breaks its contract.
    static func misuseInTraverse(_ what: String) -> Never {
        fatalError(
            """
            Reclaim: a traverse(_:) \(what) while the collector was scanning. traverse must only \
            report the references an object holds: no allocation, no release of tracked objects, \
            no use of the heap. Initialize lazy properties before they can be traversed.
            """
        )
    }

    /// Removes the objects queued by `deferUntrack` from the lists. Call with the lock held.
    func applyDeferredUntracks(_ deferred: inout [DeferredUntrack]) {
        guard !deferred.isEmpty else { return }
        for untrack in deferred {
            if untrack.slot & SlotWord.clearSurvivorFlag != 0 {
                forgetClearSurvivor(untrack.address)
            }
            lists[SlotWord.generation(untrack.slot)].remove(at: SlotWord.index(untrack.slot))
            if state.count0 > 0 { state.count0 &-= 1 }
        }
        deferred.removeAll(keepingCapacity: true)
    }

    /// Squeezes the holes out of one generation list, renumbering the objects that move.
    /// Call with the `deferredUntracks` lock held and the queue applied.
    func compact(generation: Int) {
        let list = lists[generation]
        var write = 0
        for read in 0..<list.count {
            guard let address = list[read] else { continue }
            if write != read {
                list[write] = address
                Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { object in
                    let flags = object.gcSlot & SlotWord.clearSurvivorFlag
                    object.gcSlot = SlotWord.make(index: write, generation: generation) | flags
                }
            }
            write += 1
        }
        lists[generation].truncate(to: write)
        lists[generation].shrinkIfSparse(floor: minimumCapacity(ofGeneration: generation))
    }

    /// Appends the live objects of one list to another, renumbering them and keeping their
    /// clear-survivor flag, and empties the source. Call with the lists owned
    /// (`withOwnedLists`).
    func moveAll(from source: Int, to target: Int) {
        let list = lists[source]
        lists[target].reserveCapacity(lists[target].count + list.liveCount)
        for index in 0..<list.count {
            guard let address = list[index] else { continue }
            let position = lists[target].append(address)
            Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { object in
                let flags = object.gcSlot & SlotWord.clearSurvivorFlag
                object.gcSlot = SlotWord.make(index: position, generation: target) | flags
            }
        }
        lists[source].removeAll()
        lists[source].shrinkIfSparse(floor: minimumCapacity(ofGeneration: source))
    }

    /// The capacity a generation list keeps when it shrinks: young lists keep room for the
    /// allocations between two collections, the others 1024 slots.
    func minimumCapacity(ofGeneration generation: Int) -> Int {
        // Capped: a huge threshold (Int.max turns generation 0 off in practice) must not
        // overflow or reserve memory it will never use.
        generation <= 1 ? 2 * Swift.min(state.threshold0, 1 << 20) : 1024
    }

    func forgetClearSurvivor(_ address: UnsafeMutableRawPointer) {
        if let position = clearSurvivors.firstIndex(of: address) {
            clearSurvivors[position] = nil
        }
    }
}
