/// Maps the 32-bit heap identifiers stored in object headers to live heaps.
///
/// An object stores its heap's identifier instead of a pointer so that its whole collector
/// header fits in 8 bytes. The table (in `RuntimeShims`) holds unowned addresses: a heap
/// unregisters itself, and untracks every object it still tracks, before it is destroyed, so an
/// identifier read from a tracked object always names a live heap.
enum HeapRegistry {
    /// How many heaps can exist at the same time.
    static let capacity = 1 << 20

    private struct Allocation {
        var freeIDs: [UInt32] = []
        var nextID: UInt32 = 1
    }

    /// Identifier allocation. The table entries themselves are written under this lock,
    /// before any object carries the identifier, and read by the heap's own domain afterwards.
    private static let allocation: LockedValue<Allocation> = {
        RuntimeShims.createHeapTable(capacity: capacity)
        return LockedValue(Allocation())
    }()

    /// Reserves an identifier for a heap that is being initialized.
    static func reserveID() -> UInt32 {
        allocation.withLock { state in
            if let reused = state.freeIDs.popLast() { return reused }
            precondition(
                Int(state.nextID) < capacity,
                "Reclaim: more than \(capacity - 1) heaps exist at the same time"
            )
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    /// Makes `heap` findable under `id`, before any object carries the identifier.
    static func publish(_ heap: Heap, id: UInt32) {
        let address = Unmanaged.passUnretained(heap).toOpaque()
        allocation.withLock { _ in RuntimeShims.setHeapTableEntry(id, address) }
    }

    static func unregister(id: UInt32) {
        allocation.withLock { state in
            RuntimeShims.setHeapTableEntry(id, nil)
            state.freeIDs.append(id)
        }
    }

    /// The heap registered under `id`, unretained (the heap outlives every object that
    /// carries its identifier).
    @inline(__always)
    static func heap(id: UInt32) -> Unmanaged<Heap> {
        Unmanaged<Heap>.fromOpaque(RuntimeShims.heapTableEntry(id).unsafelyUnwrapped)
    }
}
