/// Maps the 32-bit heap identifiers stored in object headers to live heaps.
///
/// An object stores its heap's identifier instead of a pointer so that its whole collector
/// header fits in 8 bytes. The table holds unowned addresses: a heap unregisters itself (and
/// untracks every object it still tracks) before it is destroyed, so an identifier read from a
/// tracked object always names a live heap.
enum HeapRegistry {
    /// How many heaps can exist at the same time.
    static let capacity = 1 << 20

    /// The identifier → heap table. Entries are written under `allocation`'s lock before any
    /// object can carry the identifier, and read by the heap's own domain afterwards.
    nonisolated(unsafe) private static let table: UnsafeMutablePointer<UnsafeMutableRawPointer?> = {
        let table = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: capacity)
        table.initialize(repeating: nil, count: capacity)
        return table
    }()

    private struct Allocation {
        var freeIDs: [UInt32] = []
        var nextID: UInt32 = 1
    }

    private static let allocation = LockedValue(Allocation())

    /// Reserves an identifier for a heap that is being initialized.
    static func reserveID() -> UInt32 {
        allocation.withLock { state in
            let id: UInt32
            if let reused = state.freeIDs.popLast() {
                id = reused
            } else {
                precondition(
                    Int(state.nextID) < capacity,
                    "Reclaim: more than \(capacity - 1) heaps exist at the same time"
                )
                id = state.nextID
                state.nextID += 1
            }
            return id
        }
    }

    /// Makes `heap` findable under `id`, before any object carries the identifier.
    static func publish(_ heap: Heap, id: UInt32) {
        let address = Unmanaged.passUnretained(heap).toOpaque()
        allocation.withLock { _ in table[Int(id)] = address }
    }

    static func unregister(id: UInt32) {
        allocation.withLock { state in
            table[Int(id)] = nil
            state.freeIDs.append(id)
        }
    }

    /// Calls `body` with the heap registered under `id`, without retaining it (the heap
    /// outlives every object that carries its identifier).
    @inline(__always)
    static func withHeap<Result>(id: UInt32, _ body: (Heap) -> Result) -> Result {
        Unmanaged<Heap>.fromOpaque(table[Int(id)].unsafelyUnwrapped)._withUnsafeGuaranteedRef(body)
    }
}
