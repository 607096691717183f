import Dispatch
import Synchronization

/// The heap a `Heap.withCurrent` scope makes current for a task, kept in a task-local value
/// so it follows the task from thread to thread.
///
/// It refers to the scope's token rather than to the heap (task-local values must be
/// `Sendable`, and the caller of `withCurrent` holds the heap while the scope is open). Child
/// tasks inherit task-local values, and an unstructured child can outlive the scope, its task
/// and its heap: the token says whether the scope is still open, so an inherited value of a
/// closed scope is ignored (and a later task that happens to reuse the owner's address is not
/// taken for the owner).
struct HeapScope: Sendable {
    var token: Token

    /// What one scope records: its heap, the task that opened it, and whether it is open.
    ///
    /// `@unchecked Sendable` is sound: `heapID` and `ownerTask` never change, and `isOpen` is
    /// atomic.
    final class Token: @unchecked Sendable {
        /// The identifier of the scoped heap.
        let heapID: UInt32
        /// The task that opened the scope, as an address. Child tasks inherit task-local
        /// values but may run at the same time as their parent: they must not use its heap.
        let ownerTask: UInt
        /// Set while the scope's body runs.
        let isOpen = Atomic<Bool>(true)

        init(heapID: UInt32, ownerTask: UInt) {
            self.heapID = heapID
            self.ownerTask = ownerTask
        }

        /// Marks the scope closed; called when its body returns or throws.
        func close() {
            isOpen.store(false, ordering: .releasing)
        }
    }

    /// The innermost scope of the current task.
    @TaskLocal static var current: HeapScope?

    /// The token of the current task's innermost scope, if that scope is still open (the task
    /// may have inherited it from its parent).
    static var openToken: Token? {
        guard let token = current?.token, token.isOpen.load(ordering: .acquiring) else { return nil }
        return token
    }

    /// The heap of the current task's innermost scope, if it is open and the current task
    /// opened it; stops the program with a message when a child task inherited it.
    static func openScopeHeap(forTask task: UInt, creating object: @autoclosure () -> GCObject.Type) -> UInt32? {
        guard let token = openToken else { return nil }
        guard token.ownerTask == task else {
            fatalError(
                """
                Reclaim: \(object()) was created in a child task of the task that made its heap \
                current with withCurrent. Child tasks can run at the same time as their parent, \
                and a heap must stay in one isolation domain: give the child task a Heap of its \
                own, or create the object in the parent.
                """
            )
        }
        return token.heapID
    }

    /// Whether the caller runs on the main queue, where main-actor code runs: on Linux the
    /// main queue may be drained by a thread other than the process's first one (under
    /// `dispatchMain()`, as in test runners), which is then a worker thread that may run
    /// other tasks later.
    static var isOnMainQueue: Bool {
        DispatchQueue.getSpecific(key: mainQueueKey) != nil
    }

    /// Marks the main queue, once, so `isOnMainQueue` can recognize it.
    private static let mainQueueKey: DispatchSpecificKey<Bool> = {
        let key = DispatchSpecificKey<Bool>()
        DispatchQueue.main.setSpecific(key: key, value: true)
        return key
    }()

    /// The current task, as an address, or 0 outside any task.
    static var currentTask: UInt {
        RuntimeShims.currentTask
    }
}
