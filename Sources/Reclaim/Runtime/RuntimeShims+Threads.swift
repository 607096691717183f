internal import CReclaimShims

extension RuntimeShims {
    /// The reference scan of the collection that is calling `traverse(_:)` on this thread, or
    /// `nil`: a C `_Thread_local`, so that `Traceable` conformances can tell, with one load,
    /// whether they run for the collector (see `SharedStorage`).
    @inline(__always)
    static var currentScan: UnsafeMutableRawPointer? {
        get { reclaim_get_current_scan() }
        set { reclaim_set_current_scan(newValue) }
    }

    /// The heap `GCObject.init()` uses on this thread without asking (a C `_Thread_local`):
    /// the heap of the innermost `Heap.withCurrent` scope, or the thread's default heap once
    /// the thread was found allowed to use it; see `Heap+Current.swift`.
    @inline(__always)
    static var creationHeap: UnsafeMutableRawPointer? {
        get { reclaim_get_creation_heap() }
        set { reclaim_set_creation_heap(newValue) }
    }

    /// `creationHeap`, or `nil` while any `Heap.withCurrent` scope bound to a task exists in
    /// the process (the task-local scope must then be asked): two loads.
    @inline(__always)
    static var fastCreationHeap: UnsafeMutableRawPointer? {
        reclaim_get_fast_creation_heap()
    }

    /// Whether any `Heap.withCurrent` scope bound to a task exists in the process (only then
    /// is the task-local scope worth reading).
    static var hasTaskScopes: Bool {
        reclaim_has_task_scopes()
    }

    /// Counts a `Heap.withCurrent` scope bound to a task while `body` runs.
    static func withTaskScope<Result>(_ body: () throws -> Result) rethrows -> Result {
        reclaim_enter_task_scope()
        defer { reclaim_exit_task_scope() }
        return try body()
    }

    /// Counts a `Heap.withCurrent` scope bound to a task while `body` runs.
    static func withTaskScope<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async rethrows -> Result {
        reclaim_enter_task_scope()
        defer { reclaim_exit_task_scope() }
        return try await body()
    }

    /// The address of the task running on the calling thread, or 0 outside tasks: the
    /// runtime's `swift_task_getCurrent()` (checked on Swift 6.3.1 against
    /// `withUnsafeCurrentTask`, which `RuntimeShimsThreadTests` compares it with). One
    /// thread-local read, for the allocation path.
    static var currentTask: UInt {
        UInt(reclaim_current_task())
    }

    /// Whether the calling thread is the process's main thread (its Linux thread id is the
    /// process id): one system call per thread, remembered in a thread-local.
    static var isMainThread: Bool {
        reclaim_is_main_thread()
    }
}
