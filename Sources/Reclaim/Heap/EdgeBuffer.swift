/// A growable buffer of 32-bit candidate indices: the references among the objects of one
/// collection, recorded while their `traverse` runs. Freed when the collection ends.
struct EdgeBuffer {
    private var base: UnsafeMutablePointer<Int32>
    private(set) var count: Int32 = 0
    private var capacity: Int

    init(initialCapacity: Int) {
        capacity = Swift.max(initialCapacity, 16)
        base = .allocate(capacity: capacity)
    }

    @inline(__always)
    subscript(index: Int) -> Int32 { base[index] }

    @inline(__always)
    mutating func append(_ target: Int32) {
        if Int(count) == capacity { grow() }
        base[Int(count)] = target
        count &+= 1
    }

    @inline(never)
    private mutating func grow() {
        precondition(capacity < Int(Int32.max), "Reclaim: more than \(Int32.max) references in one collection")
        let newCapacity = Swift.min(capacity * 2, Int(Int32.max))
        let newBase = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: Int(count))
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    func deallocate() {
        base.deallocate()
    }

    /// Rebinds this buffer's memory to hold `count` object addresses, if it is large enough.
    /// The recorded references are lost; the returned pointer owns the memory from then on
    /// (deallocate it instead of this buffer).
    func reuseMemory(forAddresses count: Int) -> UnsafeMutablePointer<UnsafeMutableRawPointer>? {
        guard capacity * MemoryLayout<Int32>.stride >= count * MemoryLayout<UnsafeMutableRawPointer>.stride else {
            return nil
        }
        return UnsafeMutableRawPointer(base).bindMemory(to: UnsafeMutableRawPointer.self, capacity: count)
    }
}
