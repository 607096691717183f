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
///
/// The merge is not gone: glibc runs it at the next large allocation or free, in the program
/// or in the next collection (which frees a block that does not fit before anything else),
/// over the small blocks still unmerged by then. Allocations in between take their memory
/// from those blocks first, so the merge is shorter the more the program allocated.
extension Heap {
    /// The block kept for the next collection, if any: its address and size; for tests.
    package var keptEdgeMemory: (base: UnsafeRawPointer, byteCount: Int)? {
        spareEdgeMemory.map { (UnsafeRawPointer($0.base), $0.byteCount) }
    }

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
