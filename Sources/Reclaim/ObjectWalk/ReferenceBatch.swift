/// The strong references of a run of objects, flat and without labels, as
/// `ReferenceWalker.appendReferences(of:in:blockSizes:to:)` lists them for a graph: one batch
/// is filled, consumed and emptied again per run, so its buffers stay small and in the cache
/// however many objects the graph has.
package struct ReferenceBatch {
    /// The addresses referred to, object after object, in the order
    /// `ReferenceWalker.forEachReference(of:blockSize:_:)` lists them.
    package var targets: [UInt] = []
    /// For each object of the run, the end of its references in `targets`.
    package var ends: [Int] = []
    /// For each object of the run, its strong retain count (at most `Int32.max`), read while
    /// its header is in the cache.
    package var retainCounts: [Int32] = []
    /// The objects (by position in the walked array) with places that could not be read, and
    /// how many; most batches have none.
    package var unreadable: [(position: Int, places: Int)] = []

    package init() {}

    /// Empties the batch, keeping its buffers.
    package mutating func removeAll() {
        targets.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        retainCounts.removeAll(keepingCapacity: true)
        unreadable.removeAll(keepingCapacity: true)
    }
}
