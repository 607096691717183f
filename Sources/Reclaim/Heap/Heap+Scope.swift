extension Heap {
    /// Runs `body` with this heap as the current heap: objects created with ``GCObject/init()``
    /// (by any initializer that calls `super.init()`) go to this heap, and ``Heap/current`` and
    /// the ``GC`` namespace use it.
    ///
    ///     let heap = Heap()
    ///     heap.withCurrent {
    ///         let document = Document()      // tracked by `heap`
    ///         GC.collect()                   // collects `heap`
    ///     }
    ///
    /// Scopes nest; the innermost wins. Use it to build a structure with code that does not
    /// take a heap (`Node()` in a helper), and in tests, which run in tasks (see
    /// ``GCObject/init()``).
    ///
    /// # Thread safety
    /// The heap must be used in this isolation domain only, as always: the scope does not
    /// make it safe to create objects of it from other threads or tasks (a child task that
    /// inherits the scope is stopped with a message when it creates an object).
    ///
    /// - Complexity: O(1), plus `body`.
    public func withCurrent<Result>(_ body: () throws -> Result) rethrows -> Result {
        let previous = RuntimeShims.creationHeap
        RuntimeShims.creationHeap = Unmanaged.passUnretained(self).toOpaque()
        defer { RuntimeShims.creationHeap = previous }
        let task = HeapScope.currentTask
        guard task != 0 else { return try body() }
        // In a task, the scope must also be visible where GCObject.init() looks in tasks.
        let token = HeapScope.Token(heapID: id, ownerTask: task)
        defer { token.close() }
        return try RuntimeShims.withTaskScope {
            try HeapScope.$current.withValue(HeapScope(token: token)) { try body() }
        }
    }

    /// Runs `body`, which may suspend, with this heap as the current heap of the task: objects
    /// created with ``GCObject/init()`` in `body`, on whatever thread the task resumes, go to
    /// this heap.
    ///
    ///     actor DocumentModel {
    ///         private let heap = Heap()
    ///
    ///         func load(from url: URL) async throws {
    ///             try await heap.withCurrent {
    ///                 let data = try await fetch(url)
    ///                 root = Parser(data).makeTree()   // synchronous code that calls Node()
    ///             }
    ///         }
    ///     }
    ///
    /// The scope belongs to the task that opens it: a child task (`async let`, a task group,
    /// `Task { }`) inherits it but may run concurrently, and creating an object there stops
    /// the program with a message; pass the heap to such tasks explicitly. ``Heap/current``
    /// and ``GC`` are not available in `async` code; use the heap itself.
    ///
    /// - Complexity: O(1), plus `body`.
    public func withCurrent<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async rethrows -> Result {
        let token = HeapScope.Token(heapID: id, ownerTask: HeapScope.currentTask)
        defer { token.close() }
        return try await RuntimeShims.withTaskScope {
            try await HeapScope.$current.withValue(HeapScope(token: token)) { try await body() }
        }
    }

    /// The heap ``GCObject/init()`` tracks a new object in when the thread has no creation
    /// heap at hand (see `RuntimeShims.fastCreationHeap`): a task's scoped heap, or the
    /// thread's default heap where a task cannot move away from it. Stops the program with a
    /// message when an object would go to a thread's default heap from a task that can resume
    /// on another thread.
    @inline(never)
    static func heapForNewObject(_ object: GCObject) -> Unmanaged<Heap> {
        let task = HeapScope.currentTask
        if task != 0, RuntimeShims.hasTaskScopes,
            let heapID = HeapScope.openScopeHeap(forTask: task, creating: type(of: object))
        {
            return HeapRegistry.heap(id: heapID)
        }
        if let scoped = RuntimeShims.creationHeap {
            // A synchronous scope of this thread. In a task, one opened outside any task around
            // a task that runs here until its first suspension (`Task.immediate`): its heap
            // too, as the fast path and `Heap.current` give.
            return Unmanaged<Heap>.fromOpaque(scoped)
        }
        let isMainThread = RuntimeShims.isMainThread
        if !isMainThread {
            if HeapScope.isOnMainQueue {
                // Main-actor code, or a block on the main queue, drained by a worker thread:
                // the main heap, as `Heap.current` gives there.
                return Unmanaged.passUnretained(mainThreadHeap)
            }
            if task != 0 {
                fatalError(
                    """
                    Reclaim: \(type(of: object)) was created in the default heap of a thread from \
                    inside a task. A task can resume on another thread after any await, so the \
                    objects it creates would land in several heaps, and reference cycles between \
                    heaps are never collected. Create it with init(heap:) or init(sameHeapAs:), or \
                    run the code in `heap.withCurrent { ... }` (or `await heap.withCurrent { ... }`) \
                    with a Heap that the task or actor owns.
                    """
                )
            }
        }
        let heap = unretainedCurrentForThread()
        // Remembered on the main thread only: any other thread may run a task later (on Linux
        // the threads that run tasks also run plain dispatch work), which must be checked.
        if isMainThread {
            RuntimeShims.creationHeap = heap.toOpaque()
        }
        return heap
    }
}
