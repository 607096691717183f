import Dispatch

/// The heap a `Heap.withCurrent` scope makes current for a task, kept in a task-local value
/// so it follows the task from thread to thread. Holds the heap's identifier, not the heap
/// (task-local values must be `Sendable`; the scope keeps the heap alive).
struct HeapScope: Sendable {
    /// The identifier of the scoped heap.
    var heapID: UInt32
    /// The task that opened the scope, as an address. Child tasks inherit task-local values,
    /// but may run at the same time as their parent: they must not use its heap.
    var ownerTask: UInt

    /// The innermost scope of the current task.
    @TaskLocal static var current: HeapScope?

    /// Whether the caller runs on the main queue, where main-actor code runs: on Linux the
    /// main queue may be drained by a thread other than the process's first one (under
    /// `dispatchMain()`, as in test runners), which is then a worker thread that may run
    /// other tasks later.
    static var isOnMainQueue: Bool {
        DispatchQueue.getSpecific(key: mainQueueKey) != nil
    }

    /// Marks the main queue, once, so `isOnMainActorThread` can recognize it.
    private static let mainQueueKey: DispatchSpecificKey<Bool> = {
        let key = DispatchSpecificKey<Bool>()
        DispatchQueue.main.setSpecific(key: key, value: true)
        return key
    }()

    /// The current task, as an address, or 0 outside any task.
    static var currentTask: UInt {
        withUnsafeCurrentTask { task in
            guard let task else { return 0 }
            // `UnsafeCurrentTask` is one reference to the task object.
            return unsafeBitCast(task, to: UInt.self)
        }
    }
}
