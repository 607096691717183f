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

    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { address in
            guard let address else { return }
            Unmanaged<Heap>.fromOpaque(address).release()
        }
        precondition(status == 0, "Reclaim: pthread_key_create failed with error \(status)")
        return key
    }()

    /// The default heap of the calling thread, owned by the thread.
    @inline(__always)
    static func currentForThread() -> Heap {
        if let address = pthread_getspecific(threadKey) {
            return Unmanaged<Heap>.fromOpaque(address).takeUnretainedValue()
        }
        return makeCurrentForThread()
    }

    /// Calls `body` with the calling thread's default heap without retaining it: the thread
    /// owns it until it exits.
    @inline(__always)
    static func withCurrentForThread<Result>(_ body: (Heap) -> Result) -> Result {
        if let address = pthread_getspecific(threadKey) {
            return Unmanaged<Heap>.fromOpaque(address)._withUnsafeGuaranteedRef(body)
        }
        return body(makeCurrentForThread())
    }

    @inline(never)
    private static func makeCurrentForThread() -> Heap {
        let heap = Heap(ownerThread: RuntimeShims.currentThreadID())
        pthread_setspecific(threadKey, Unmanaged.passRetained(heap).toOpaque())
        return heap
    }
}
