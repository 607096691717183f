#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Heap {
    /// The calling thread's default heap, created on first use and destroyed when the thread
    /// exits. ``GCObject/init()`` and the ``GC`` namespace use it.
    ///
    /// Unavailable from `async` code: a task can resume on a different thread after any
    /// suspension point, so it would use one thread's heap from another. Create a `Heap` in
    /// the task or actor instead and pass it explicitly.
    @available(*, noasync, message: "tasks can change threads; create a Heap and pass it explicitly")
    public static var current: Heap { currentForThread() }

    /// Destroys a thread's default heap when the thread exits. Only used for that: lookups
    /// read `RuntimeShims.threadHeap`.
    private static let threadExitKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { address in
            guard let address else { return }
            RuntimeShims.threadHeap = nil
            RuntimeShims.threadHeapID = 0
            Unmanaged<Heap>.fromOpaque(address).release()
        }
        guard status == 0 else { fatalError("Reclaim: pthread_key_create failed with error \(status)") }
        return key
    }()

    /// The default heap of the calling thread, owned by the thread.
    @inline(__always)
    static func currentForThread() -> Heap {
        unretainedCurrentForThread().takeUnretainedValue()
    }

    /// The default heap of the calling thread, unretained: the thread owns it until it exits.
    @inline(__always)
    static func unretainedCurrentForThread() -> Unmanaged<Heap> {
        if let address = RuntimeShims.threadHeap {
            return Unmanaged<Heap>.fromOpaque(address)
        }
        return makeCurrentForThread()
    }

    @inline(never)
    private static func makeCurrentForThread() -> Unmanaged<Heap> {
        let heap = Unmanaged.passRetained(Heap(isThreadDefault: true))
        RuntimeShims.threadHeap = heap.toOpaque()
        RuntimeShims.threadHeapID = heap._withUnsafeGuaranteedRef { $0.id }
        pthread_setspecific(threadExitKey, heap.toOpaque())
        return heap
    }
}
