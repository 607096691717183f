/// Tells Swift heap objects from raw memory blocks, for tools that enumerate the blocks of
/// the allocator (see `AllocationTracer.liveObjects`): a block is an object when its first
/// word is valid class, closure-context or box metadata and the object fits the block.
///
/// Every word is checked against the readable mappings of the process before it is read, so
/// recognizing never faults; metadata found valid once is remembered.
///
/// # Thread safety
/// A value used by one thread. The blocks must stay allocated while they are recognized.
package struct HeapObjectRecognizer {
    private var memory = ReadableMemory()
    /// Metadata already judged, with the verdict (blocks of one class share it).
    private var verdicts: [UInt: Bool] = [:]

    package init() {}

    /// Whether the heap block at `address`, of `size` requested bytes, holds a Swift object.
    ///
    /// - Complexity: O(1) for metadata seen before; otherwise O(*d*) in its superclass depth.
    package mutating func isSwiftObject(at address: UnsafeRawPointer, blockSize size: Int) -> Bool {
        guard size >= RuntimeShims.swiftObjectHeaderSize, UInt(bitPattern: address) & 7 == 0 else { return false }
        let word = address.load(as: UInt.self)
        var verdict: Bool
        if let known = verdicts[word] {
            verdict = known
        } else {
            verdict = RuntimeShims.isHeapObjectMetadata(word, blockSize: .max) { address, count in
                memory.contains(address, byteCount: count)
            }
            verdicts[word] = verdict
        }
        guard verdict, RuntimeShims.fitsBlock(metadata: word, blockSize: size) else { return false }
        // Its retain count is read later: a side-table pointer must lead somewhere readable.
        return RuntimeShims.hasReadableReferenceCounts(address) { address, count in
            memory.contains(address, byteCount: count)
        }
    }
}
