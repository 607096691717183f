/// The memory a collection's garbage list lives in is kept for the next collection.
///
/// A collection that finds garbage frees it object by object: glibc puts each small block
/// on a fast bin, unmerged. Freeing one large block then (the garbage list, 8 bytes per
/// unreachable object, in the memory that recorded the references) makes glibc merge every
/// one of those blocks with its neighbours first (`malloc_consolidate`), inside the pause:
/// measured at 5 to 8 % of the collection of a 1 M-object garbage graph. So the collection
/// keeps the block instead, and the next collection records its references in it (no fresh
/// pages to fault in), or frees it before it frees anything itself when the block does not
/// fit. At most one block is kept, and ``Heap/collectorMemoryFootprint`` counts it.
extension Heap {
    /// Takes the spare memory for a scan of `candidates` objects, when it holds room for the
    /// references such a scan starts with and is not more than four times that (or 64 KiB);
    /// otherwise frees it and returns `nil`.
    func takeSpareEdgeMemory(forCandidates candidates: Int) -> SpareMemory? {
        guard let spare = spareEdgeMemory else { return nil }
        spareEdgeMemory = nil
        let wanted = ReferenceScan.initialEdgeCapacity(candidates) * MemoryLayout<Int32>.stride
        if spare.byteCount >= wanted, spare.byteCount <= Swift.max(wanted * 4, 1 << 16) {
            return spare
        }
        spare.deallocate()
        return nil
    }

    /// Keeps `memory`, whose contents are no longer needed, for the next collection; frees
    /// the smaller block when one is kept already.
    func keepSpareEdgeMemory(_ memory: SpareMemory) {
        guard let kept = spareEdgeMemory else {
            spareEdgeMemory = memory
            return
        }
        if kept.byteCount >= memory.byteCount {
            memory.deallocate()
        } else {
            kept.deallocate()
            spareEdgeMemory = memory
        }
    }
}
