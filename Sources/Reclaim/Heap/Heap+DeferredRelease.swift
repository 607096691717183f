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
    /// Each object was cleared by the collection that found it and is held by the list alone,
    /// so releasing it frees exactly it (its `deinit` runs then), in any order. An object is
    /// taken off the list before its release, so a `deinit` that allocates finds the list
    /// consistent.
    ///
    /// - Complexity: O(`limit`), plus what the objects' `deinit`s do.
    func releaseDeferredGarbage(upTo limit: Int) {
        var released = 0
        while released < limit, let address = deferredReleases.popLast() {
            Unmanaged<GCObject>.fromOpaque(address).release()
            released += 1
        }
        state.deferredReleaseTrigger =
            deferredReleases.isEmpty ? Int.max : state.count0 + Self.allocationsBetweenDeferredReleases
    }

    /// Frees all the deferred garbage.
    func releaseAllDeferredGarbage() {
        releaseDeferredGarbage(upTo: Int.max)
    }

    /// Releases the cleared garbage of a collection until `deadline`, checking the clock every
    /// 32 objects, and defers the rest to `releaseDeferredGarbage(upTo:)`. Returns whether it
    /// could: only when every object is held by the collection alone (nothing kept any after
    /// the clearing), so that no release frees another object of the list, and no object
    /// survives its clearing.
    func releaseUntil(
        _ deadline: ContinuousClock.Instant,
        _ garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>,
        count: Int
    ) -> Bool {
        for index in 0..<count where RuntimeShims.retainCount(garbage[index]) > 1 {
            return false
        }
        var index = 0
        while index < count {
            if index % 32 == 0, ContinuousClock.now >= deadline { break }
            Unmanaged<GCObject>.fromOpaque(garbage[index]).release()
            index += 1
        }
        guard index < count else { return true }
        deferredReleases.reserveCapacity(deferredReleases.count + count - index)
        for rest in index..<count { deferredReleases.append(garbage[rest]) }
        state.deferredReleaseTrigger = Swift.min(
            state.deferredReleaseTrigger,
            state.count0 + Self.allocationsBetweenDeferredReleases
        )
        return true
    }
}
