/// Maps the 32-bit heap identifiers stored in object headers to live heaps.
///
/// An object stores its heap's identifier instead of a pointer so that its whole collector
/// header fits in 8 bytes. The table (in `RuntimeShims`) holds unowned addresses: a heap
/// unregisters itself, and untracks every object it still tracks, before it is destroyed, so an
/// identifier read from a tracked object always names a live heap.
enum HeapRegistry {
    /// How many heaps can exist at the same time.
    static let capacity = 1 << 20

    /// Set in the identifiers of threads' default heaps: an object's `deinit` can tell from its
    /// header alone whether it may be running on a thread other than its heap's owner.
    static let threadDefaultFlag: UInt32 = 1 << 31

    /// The table index of an identifier.
    @inline(__always)
    static func index(of id: UInt32) -> UInt32 { id & ~threadDefaultFlag }

    private struct Allocation {
        var freeIDs: [UInt32] = []
        var nextID: UInt32 = 1
    }

    /// Identifier allocation. The table entries themselves are written under this lock,
    /// before any object carries the identifier, and read by the heap's own domain afterwards.
    private static let allocation: LockedValue<Allocation> = {
        RuntimeShims.createHeapTable(capacity: capacity)
        _ = RuntimeProbes.results
        return LockedValue(Allocation())
    }()

    /// Reserves an identifier for a heap that is being initialized.
    static func reserveID(threadDefault: Bool) -> UInt32 {
        let index = allocation.withLock { state in
            if let reused = state.freeIDs.popLast() { return reused }
            precondition(
                Int(state.nextID) < capacity,
                "Reclaim: more than \(capacity - 1) heaps exist at the same time"
            )
            defer { state.nextID += 1 }
            return state.nextID
        }
        return threadDefault ? index | threadDefaultFlag : index
    }

    /// Makes `heap` findable under `id`, before any object carries the identifier.
    static func publish(_ heap: Heap, id: UInt32) {
        let address = Unmanaged.passUnretained(heap).toOpaque()
        allocation.withLock { _ in RuntimeShims.setHeapTableEntry(index(of: id), address) }
    }

    /// Runs `untrackAll` and removes the heap under the registry lock, so that a `deinit` on
    /// another thread (see `untrackFromAnotherThread`) sees either the heap or an untracked
    /// object, never a heap being destroyed.
    static func unregister(id: UInt32, untrackAll: () -> Void) {
        allocation.withLock { state in
            untrackAll()
            RuntimeShims.setHeapTableEntry(index(of: id), nil)
            state.freeIDs.append(index(of: id))
        }
    }

    /// Untracks `object`, which is being deinitialized on a thread other than the one that
    /// owns its (thread-default) heap.
    static func untrackFromAnotherThread(_ object: GCObject) {
        allocation.withLock { _ in
            let id = object.gcHeapID
            guard id != 0 else { return }
            heap(id: id)._withUnsafeGuaranteedRef { $0.deferUntrack(object) }
        }
    }

    /// The heap registered under `id`, unretained (the heap outlives every object that
    /// carries its identifier).
    @inline(__always)
    static func heap(id: UInt32) -> Unmanaged<Heap> {
        Unmanaged<Heap>.fromOpaque(RuntimeShims.heapTableEntry(index(of: id)).unsafelyUnwrapped)
    }
}
