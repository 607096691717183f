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
}
