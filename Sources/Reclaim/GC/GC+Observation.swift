import CoreMetrics
import Logging

extension GC {
    /// Whether `object`'s ``GCObject/finalize()`` has run, like CPython's `gc.is_finalized()`.
    /// Objects whose class does not override `finalize()` always return `false`.
    ///
    /// - Complexity: O(1).
    public static func isFinalized(_ object: GCObject) -> Bool {
        object.gcFlags & GCObject.finalizedFlag != 0
    }

    /// The unreachable objects the calling thread's default heap kept; see ``Heap/garbage``.
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static var garbage: [GCObject] {
        get { Heap.currentForThread().garbage }
        set { Heap.currentForThread().garbage = newValue }
    }

    /// The debugging options of the calling thread's default heap; see ``Heap/debugFlags``.
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static var debugFlags: DebugFlags {
        get { Heap.currentForThread().debugFlags }
        set { Heap.currentForThread().debugFlags = newValue }
    }

    /// The collection callbacks of the calling thread's default heap; see ``Heap/callbacks``.
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static var callbacks: [(CollectionPhase, CollectionInfo) -> Void] {
        get { Heap.currentForThread().callbacks }
        set { Heap.currentForThread().callbacks = newValue }
    }

    /// The logger of the calling thread's default heap; see ``Heap/logger``.
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static var logger: Logger {
        get { Heap.currentForThread().logger }
        set { Heap.currentForThread().logger = newValue }
    }

    /// The metrics backend of the calling thread's default heap; see ``Heap/metricsFactory``.
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static var metricsFactory: (any MetricsFactory)? {
        get { Heap.currentForThread().metricsFactory }
        set { Heap.currentForThread().metricsFactory = newValue }
    }
}
