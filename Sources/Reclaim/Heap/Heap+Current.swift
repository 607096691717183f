#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Heap {
    /// The calling thread's current heap: the heap of the innermost `withCurrent(_:)`
    /// scope on this thread, or else the thread's default heap, created on first use and
    /// destroyed when the thread exits. The ``GC`` namespace uses it.
    ///
    /// Main-actor code has one default heap, the main thread's, wherever it runs: on Linux the
    /// main queue can be drained by a worker thread (under `dispatchMain()`, which an `async`
    /// `main` uses), and main-actor code there uses the main thread's heap too.
    ///
    /// Unavailable from `async` code: a task can resume on a different thread after any
    /// suspension point, so it would use one thread's heap from another. Create a `Heap` in
    /// the task or actor instead and pass it explicitly.
    @available(*, noasync, message: "tasks can change threads; create a Heap and pass it explicitly")
    public static var current: Heap { currentForThread() }

    /// The heap that tracks `object`, or `nil` when no heap does (its class never overrides
    /// ``GCObject/traverse(_:)``, or its heap was destroyed).
    ///
    /// Use it to create an object next to another (or ``GCObject/init(sameHeapAs:)``), or to
    /// check that two objects that refer to each other live in one heap: a reference cycle
    /// across two heaps is never collected (each heap counts the other's references as
    /// references from outside).
    ///
    /// - Complexity: O(1).
    public static func tracking(_ object: GCObject) -> Heap? {
        let id = object.gcHeapID
        guard id != 0 else { return nil }
        return HeapRegistry.heap(id: id).takeUnretainedValue()
    }

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

    /// The current heap of the calling thread (see ``current``), owned by the thread or by
    /// the enclosing scope.
    @inline(__always)
    static func currentForThread() -> Heap {
        if RuntimeShims.hasTaskScopes, let scoped = taskScopedHeap() {
            return scoped
        }
        if let scoped = RuntimeShims.creationHeap {
            return Unmanaged<Heap>.fromOpaque(scoped).takeUnretainedValue()
        }
        if !RuntimeShims.isMainThread, HeapScope.isOnMainQueue {
            return mainThreadHeap
        }
        return unretainedCurrentForThread().takeUnretainedValue()
    }

    /// The heap of an open `withCurrent` scope of the current task (synchronous code called
    /// from inside `await heap.withCurrent { }` uses it for `GC` and `Heap.current` too).
    @inline(never)
    private static func taskScopedHeap() -> Heap? {
        let task = HeapScope.currentTask
        guard task != 0, let token = HeapScope.openToken, token.ownerTask == task else { return nil }
        return HeapRegistry.heap(id: token.heapID).takeUnretainedValue()
    }

    /// The default heap of the main thread and of main-actor code, wherever it runs. Created
    /// on first use, never destroyed, and not a thread-default heap in the registry's sense:
    /// main-actor code on a worker thread uses it as its own. `nonisolated(unsafe)` because
    /// it is confined at run time rather than by the type system: only the main thread and
    /// code on the main queue (never both at once) reach it.
    nonisolated(unsafe) static let mainThreadHeap = Heap(isThreadDefault: false)

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
        if RuntimeShims.isMainThread {
            // The process-wide main heap; the main thread's exit ends the process.
            let heap = Unmanaged.passUnretained(mainThreadHeap)
            RuntimeShims.threadHeap = heap.toOpaque()
            RuntimeShims.threadHeapID = mainThreadHeap.id
            return heap
        }
        let heap = Unmanaged.passRetained(Heap(isThreadDefault: true))
        RuntimeShims.threadHeap = heap.toOpaque()
        RuntimeShims.threadHeapID = heap._withUnsafeGuaranteedRef { $0.id }
        pthread_setspecific(threadExitKey, heap.toOpaque())
        return heap
    }
}
