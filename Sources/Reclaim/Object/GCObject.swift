import Synchronization

/// A class instance whose strong references the cycle collector can see and break.
///
/// Subclass `GCObject`, report every strong reference to another `GCObject` in
/// ``traverse(_:)``, and drop those references in ``clear()``. Instances are tracked by a
/// ``Heap`` from `GCObject`'s initializer until `deinit`, and ARC still frees them as soon as
/// their last reference goes; the collector only steps in for groups of objects that keep each
/// other alive (cycles) and are no longer reachable from anything else.
///
///     final class TreeNode: GCObject {
///         var parent: TreeNode?
///         var children: [TreeNode] = []
///
///         override func traverse(_ visit: (GCObject) -> Void) {
///             report(parent, to: visit)
///             children.traceReferences(visit)
///         }
///
///         override func clear() {
///             parent = nil
///             children = []
///         }
///     }
///
/// The rule for `traverse`: report each strong reference the object holds exactly once, and
/// nothing else. A missed reference only makes the target look referenced from outside (it
/// may leak). Reporting a reference the object does not hold (a `weak` or `unowned` one, or
/// the same reference twice) can make the collector clear an object that is still in use.
/// `traverse` must not change the object graph, create or free tracked objects, or use the
/// heap; the collector stops the program with a message when it notices.
///
/// Report a single reference with ``report(_:to:)`` (as above): it costs no retain and release,
/// where `if let parent { visit(parent) }` costs both.
///
/// Report arrays, sets and dictionaries with their `traceReferences(_:)` (as above), not with
/// a loop over their elements. Collections are values in Swift, and copies share storage until
/// one side is modified: two tracked objects may share one buffer (`b.children = a.children`),
/// and a local may hold a copy (`let saved = node.children`). `traceReferences(_:)` lets a
/// collection count such a buffer as an object of its own, so shared elements are counted
/// once and a copy held elsewhere keeps them alive; a loop cannot tell.
///
/// # Thread safety
/// A `GCObject` belongs to the heap that tracks it and must only be used in that heap's
/// isolation domain (see ``Heap``). `GCObject` is deliberately not `Sendable`, and neither are
/// its subclasses (an `@unchecked Sendable` on a subclass is ignored). If unsafe code releases
/// an object of a thread's default heap on another thread, the heap's bookkeeping stays
/// consistent: the untrack is queued under a lock and applied by the owning thread, even if
/// that thread is exiting. What no lock can make safe is another thread mutating or releasing
/// objects while their heap is being collected; that is a data race, as it would be in
/// CPython without its GIL.
open class GCObject {
    /// Where this object sits in its heap; see `SlotWord`. Read by the collector without
    /// dynamic exclusivity checks: it is only touched by the heap's own domain.
    @exclusivity(unchecked)
    final var gcSlot: UInt32 = 0

    /// The identifier of the tracking heap in `HeapRegistry` (0 when untracked) and, in the
    /// bits the identifier never uses, the object's flags (`finalizedFlag`,
    /// `weaklyReferencedFlag`, `weakReferenceFlag`). Atomic (relaxed: a plain load or store on
    /// x86-64 and arm64) because a `deinit` on another thread reads it while deciding how to
    /// untrack.
    final let gcHeapIDStorage = Atomic<UInt32>(0)

    /// Set once `finalize()` has run (by a collection or on release); never cleared.
    static let finalizedFlag: UInt32 = 1 << 30
    /// Set when a ``WeakRef`` to this object has been created.
    static let weaklyReferencedFlag: UInt32 = 1 << 29
    /// Set on ``WeakRef`` instances.
    static let weakReferenceFlag: UInt32 = 1 << 28
    static let flagMask = finalizedFlag | weaklyReferencedFlag | weakReferenceFlag

    /// The identifier of the tracking heap; see `gcHeapIDStorage`. Setting it keeps the flags.
    /// Whether this object is tracked by a heap other than `heap` (whose collector, not
    /// `heap`'s, decides whether it is garbage), for leak checks.
    package final func isTracked(byHeapOtherThan heap: Heap) -> Bool {
        let tracking = gcHeapID
        return tracking != 0 && tracking != heap.id
    }

    final var gcHeapID: UInt32 {
        @inline(__always) get { gcHeapIDStorage.load(ordering: .relaxed) & ~Self.flagMask }
        @inline(__always) set {
            let flags = gcHeapIDStorage.load(ordering: .relaxed) & Self.flagMask
            gcHeapIDStorage.store(newValue | flags, ordering: .relaxed)
        }
    }

    /// The flag bits of `gcHeapIDStorage`.
    final var gcFlags: UInt32 {
        @inline(__always) get { gcHeapIDStorage.load(ordering: .relaxed) & Self.flagMask }
    }

    @inline(__always)
    final func setFlag(_ flag: UInt32) {
        gcHeapIDStorage.bitwiseOr(flag, ordering: .relaxed)
    }

    @inline(__always)
    final func clearFlag(_ flag: UInt32) {
        gcHeapIDStorage.bitwiseAnd(~flag, ordering: .relaxed)
    }

    /// Sets `finalizedFlag`; returns whether this call set it (so `finalize()` should run).
    @inline(__always)
    final func markFinalized() -> Bool {
        gcHeapIDStorage.bitwiseOr(Self.finalizedFlag, ordering: .relaxed).oldValue & Self.finalizedFlag == 0
    }

    /// Byte offset of the collector header (`gcSlot`, then `gcHeapID`) from the start of the
    /// object: right after the Swift object header.
    static let headerOffset = RuntimeShims.swiftObjectHeaderSize

    /// Byte offset of the first stored property of a subclass: after the collector header.
    static let storedPropertiesOffset = RuntimeShims.swiftObjectHeaderSize + 8

    /// Creates an object tracked by the current heap: the heap of the innermost
    /// `Heap.withCurrent(_:)` scope (of this thread, or of this task), or else the
    /// calling thread's default heap.
    ///
    /// Tracking starts here, when a subclass's initializer calls `super.init()`; if the
    /// allocation takes net allocations past threshold 0, an automatic collection runs first
    /// (it may call `clear()` and `deinit` of other, unreachable objects). Instances of a class
    /// that never overrides ``traverse(_:)`` (directly or through a superclass) are not tracked:
    /// they report no references, so they cannot hold a cycle together (see
    /// ``Heap/isTracked(_:)``).
    ///
    /// In a task that is not on the main thread, with no `withCurrent` scope, this stops the
    /// program with a message (for a class that is tracked), whatever initializer the subclass
    /// declares: a task can resume
    /// on another thread after any `await`, so code called from it would create its objects in
    /// several threads' heaps, and a reference cycle across heaps is never collected. There,
    /// use ``init(heap:)`` or ``init(sameHeapAs:)`` with a heap the task or actor owns, or wrap
    /// the code in `heap.withCurrent { }`. Code on the main thread (the main actor) may use the
    /// main thread's default heap.
    ///
    /// - Complexity: Amortized O(1), plus an automatic collection when one is due.
    public init() {
        if let heap = RuntimeShims.fastCreationHeap {
            Unmanaged<Heap>.fromOpaque(heap)._withUnsafeGuaranteedRef { $0.track(self) }
        } else if Self.classOverridesTraverse(self) {
            Heap.heapForNewObject(self)._withUnsafeGuaranteedRef { $0.track(self) }
        } else {
            // Never tracked, so in no heap: nothing to decide.
            Heap.prepareUntracked(self)
        }
    }

    /// Whether the class of `object` overrides ``traverse(_:)``, so its instances are tracked.
    /// The entry is located by the start-up probes, which run with the first heap; an object
    /// created before any heap exists (the first object of a program, made in a task) runs
    /// them here, rather than being taken for a tracked one that needs a heap.
    @inline(__always)
    private static func classOverridesTraverse(_ object: GCObject) -> Bool {
        let address = Unmanaged.passUnretained(object).toOpaque()
        guard RuntimeShims.overridesTraverse(address) else { return false }
        if RuntimeShims.locatesTraverseEntry { return true }
        _ = RuntimeProbes.results
        return RuntimeShims.overridesTraverse(address)
    }

    /// Creates an object tracked by `heap`.
    ///
    /// Tracking starts here, when a subclass's initializer calls `super.init(heap:)`; an
    /// automatic collection of `heap` may run first. As with ``init()``, instances of a class
    /// that never overrides ``traverse(_:)`` are not tracked. A subclass without designated
    /// initializers of its own inherits this initializer.
    ///
    /// - Parameter heap: The heap that will track and collect this object.
    /// - Complexity: Amortized O(1), plus an automatic collection when one is due.
    public init(heap: Heap) {
        heap.track(self)
    }

    /// Creates an object tracked by the heap that tracks `neighbor`, so that the two can refer
    /// to each other in a cycle the collector can free.
    ///
    ///     final class Page: GCObject {
    ///         init(in document: Document) {
    ///             super.init(sameHeapAs: document)
    ///         }
    ///     }
    ///
    /// Stops the program with a message when `neighbor` is not tracked (its class never
    /// overrides ``traverse(_:)``), or when it belongs to another thread's default heap.
    ///
    /// - Parameter neighbor: A tracked object whose heap the new object joins.
    /// - Complexity: Amortized O(1), plus an automatic collection when one is due.
    public init(sameHeapAs neighbor: GCObject) {
        let heapID = neighbor.gcHeapID
        guard heapID != 0 else {
            fatalError(
                """
                Reclaim: init(sameHeapAs:) was given a \(type(of: neighbor)), which no heap tracks \
                (its class never overrides traverse(_:)); pass a tracked object, or use init(heap:)
                """
            )
        }
        guard heapID & HeapRegistry.threadDefaultFlag == 0 || heapID == RuntimeShims.threadHeapID else {
            fatalError(
                """
                Reclaim: init(sameHeapAs:) was given a \(type(of: neighbor)) of another thread's \
                default heap; a heap and its objects must stay in one thread
                """
            )
        }
        // A strong reference for the call: the neighbor does not own its heap, and an
        // automatic collection that tracking runs may free the heap's last owner (its own
        // garbage). The heap then goes when tracking is done, and untracks what it leaves.
        let heap = HeapRegistry.heap(id: heapID).takeUnretainedValue()
        heap.track(self)
    }

    /// Creates an object tracked by the heap that tracks `neighbor`, or an untracked one when
    /// `neighbor` is untracked or its heap is gone. For objects created on behalf of another
    /// (weak references), which must live in its domain; tracked even if their class does not
    /// override `traverse(_:)`.
    init(trackedWith neighbor: GCObject) {
        let heapID = neighbor.gcHeapID
        if heapID != 0 {
            let heap = HeapRegistry.heap(id: heapID).takeUnretainedValue()  // as in init(sameHeapAs:)
            heap.track(self, always: true)
        }
    }

    /// Reports every strong reference this object holds to another `GCObject`.
    ///
    /// Call `visit` once per strong reference: stored properties (with ``report(_:to:)``),
    /// elements of arrays, sets and dictionaries, and references inside value types you store.
    /// Skip `weak` and `unowned` references. Always call `super.traverse(visit)` when a
    /// superclass also holds references.
    /// This is the equivalent of CPython's `tp_traverse`.
    ///
    /// - Parameter visit: The function to call with each referenced object.
    open func traverse(_ visit: (GCObject) -> Void) {}

    /// Drops the strong references this object holds to other `GCObject`s.
    ///
    /// The collector calls `clear()` on every member of an unreachable group (while it keeps
    /// them all alive) so that ARC can free them afterwards. Set optional references to `nil`
    /// and empty collections; call `super.clear()` when a superclass holds references too.
    /// This is the equivalent of CPython's `tp_clear`.
    open func clear() {}

    /// Runs once, before the object goes away: the equivalent of Python's `__del__` (PEP 442).
    ///
    /// Override it to release resources or record that the object died. The object is whole
    /// when it runs, and it runs at most once per object, in both ways an object can die:
    ///
    /// - **ARC frees it** (its last strong reference goes): `finalize()` runs first, then the
    ///   `deinit`s of its classes. The object cannot be saved at this point: storing `self`
    ///   anywhere makes the Swift runtime stop the program when `deinit` ends.
    /// - **A collection finds it unreachable**: weak references to the group are cleared and
    ///   their callbacks run, then `finalize()` runs on every member of the group that has one,
    ///   before any member is cleared. Members are still linked to each other. If a finalizer
    ///   stores a member where live code can reach it, that member and everything it reaches
    ///   survive (resurrection) and are not finalized again; the rest are cleared.
    ///
    /// ``GC/isFinalized(_:)`` tells whether it has run. Classes that do not override it cost
    /// nothing. A finalizer may allocate tracked objects and create new cycles; a collection
    /// it starts returns 0 without running, as in CPython.
    open func finalize() {}

    /// The function ARC runs (through `RuntimeShims.runHookOnRelease`) before the deallocating
    /// `deinit` of an instance of a class that overrides ``finalize()``.
    static func runFinalizerOnRelease(_ address: UnsafeMutableRawPointer) {
        Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { object in
            if object.markFinalized() { object.finalize() }
        }
    }

    deinit {
        let word = gcHeapIDStorage.load(ordering: .relaxed)
        let heapID = word & ~Self.flagMask
        if heapID != 0 {
            if heapID & HeapRegistry.threadDefaultFlag == 0 || heapID == RuntimeShims.threadHeapID {
                // An explicit heap (confined to this domain), or this thread's own default heap.
                if gcSlot & SlotWord.garbageFlag != 0 {
                    // Garbage its collection is freeing: listed nowhere, so there is nothing to
                    // untrack (the common case while a collection frees what it found).
                    gcHeapID = 0
                } else {
                    HeapRegistry.heap(id: heapID)._withUnsafeGuaranteedRef { $0.untrack(self) }
                }
            } else {
                // Another thread's default heap, which may be destroyed right now as that
                // thread exits: look it up and queue the untrack under the registry lock.
                HeapRegistry.untrackFromAnotherThread(self)
            }
        }
        // Untracked first, as CPython does: a callback that starts a collection must not find
        // this object in a generation.
        if word & Self.weaklyReferencedFlag != 0 {
            WeakReferenceRegistry.referentDeinitialized(Unmanaged.passUnretained(self).toOpaque())
        }
    }
}

@available(*, unavailable, message: "GCObject is confined to the isolation domain of its Heap")
extension GCObject: Sendable {}
