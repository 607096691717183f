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

    /// Whether the calling thread is the process's main thread (its Linux thread id is the
    /// process id): one system call.
    static var isMainThread: Bool {
        reclaim_is_main_thread()
    }
}
