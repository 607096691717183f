/// A block of working memory that a collection handed on to the next one instead of
/// freeing it: see `Heap.spareEdgeMemory`.
struct SpareMemory {
    /// The start of the block, allocated with Swift's allocator and owned by whoever holds
    /// this value.
    let base: UnsafeMutableRawPointer
    let byteCount: Int

    /// Frees the block.
    func deallocate() {
        base.deallocate()
    }
}
