extension Heap {
    /// Deferred garbage freed each time the allocation slow path runs for it.
    static let deferredReleasesPerChunk = 128

    /// Net allocations of tracked objects between two chunks: freeing keeps ahead of
    /// allocating by two objects to one.
    static let allocationsBetweenDeferredReleases = 64

    /// Frees up to `limit` objects of the deferred garbage, then sets when the next chunk is
    /// freed (after `allocationsBetweenDeferredReleases` more net allocations), or that none
    /// waits. Called outside any release and collection: from the allocation slow path, from
    /// full collections and from the heap's `deinit`.
    ///
    /// Each object was cleared by the collection that found it, untracked, and held by the
    /// list, so releasing it normally frees exactly it (its `deinit` runs then), in any order.
    /// An object is taken off the list before its release, so a `deinit` that allocates finds
    /// the list consistent.
    ///
    /// - Complexity: O(`limit`), plus what the objects' `deinit`s do.
    func releaseDeferredGarbage(upTo limit: Int) {
        var released = 0
        while released < limit, let address = deferredReleases.popLast() {
            releaseCollectedObject(address)
            released += 1
        }
        rebaseDeferredReleaseTrigger()
    }

    /// Frees all the deferred garbage.
    func releaseAllDeferredGarbage() {
        releaseDeferredGarbage(upTo: Int.max)
    }

    /// Sets when the next chunk of deferred garbage is freed, counting from the current net
    /// allocation count (which collections reset): `allocationsBetweenDeferredReleases` from
    /// now, or never when none waits.
    func rebaseDeferredReleaseTrigger() {
        state.deferredReleaseTrigger =
            deferredReleases.isEmpty ? Int.max : state.count0 + Self.allocationsBetweenDeferredReleases
    }

    /// Releases the cleared garbage of a collection until `deadline`, checking the clock every
    /// 32 objects, and defers the rest to `releaseDeferredGarbage(upTo:)`, untracked. Returns
    /// whether it could: only when every object is held by the collection alone (nothing kept
    /// any after the clearing), so that no release frees another object of the list.
    func releaseUntil(
        _ deadline: ContinuousClock.Instant,
        _ garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>,
        count: Int
    ) -> Bool {
        if (0..<count).contains(where: { RuntimeShims.strongCount(of: garbage[$0]) > 1 }) { return false }
        var index = 0
        while index < count {
            if index % 32 == 0, ContinuousClock.now >= deadline { break }
            releaseCollectedObject(garbage[index])
            index += 1
        }
        guard index < count else { return true }
        deferredReleases.reserveCapacity(deferredReleases.count + count - index)
        for rest in index..<count {
            let address = garbage[rest]
            // Untracked now: its deinit has nothing to tell the heap, which may be gone by then
            // (a thread's default heap at thread exit).
            Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { object in
                object.gcHeapID = 0
                object.gcSlot = 0
            }
            deferredReleases.append(address)
        }
        rebaseDeferredReleaseTrigger()
        return true
    }

    /// Drops the collection's reference to a cleared garbage object. An object something else
    /// holds by now (a deinit, or code between two chunks, that stored what a native `weak`
    /// or `unowned` reference still gave) is not freed by it: like an object its `clear()`
    /// left referenced, it is tracked again in the oldest generation and kept in ``garbage``
    /// as uncollectable.
    private func releaseCollectedObject(_ address: UnsafeMutableRawPointer) {
        let object = Unmanaged<GCObject>.fromOpaque(address)
        if RuntimeShims.strongCount(of: address) > 1 {
            object._withUnsafeGuaranteedRef { $0.gcHeapID = id }
            withOwnedLists { list(address, in: keptObjectsList) }
            let kept = object.takeUnretainedValue()
            garbageStorage.append(kept)
            logUncollectable([kept], generation: 1)
        }
        object.release()
    }
}
