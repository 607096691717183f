import CoreMetrics
import Logging
import Synchronization

/// A set of tracked objects and the generational cycle collector that manages them.
///
/// Every ``GCObject`` is tracked by exactly one heap. Most code uses the calling thread's
/// default heap through the ``GC`` namespace; code running in Swift concurrency (tasks,
/// actors) creates its own `Heap` and passes it to ``GCObject/init(heap:)``.
///
///     let heap = Heap()
///     let a = Node(heap: heap)
///     let b = Node(heap: heap)
///     a.next = b
///     b.next = a
///     heap.collect()  // 0: a and b are still referenced by the locals
///
/// The collector follows CPython's design: objects start in generation 0 and move to older
/// generations when they survive a collection; collecting generation *n* also collects the
/// younger ones; automatic collections run when net allocations exceed ``thresholds``.
///
/// # Thread safety
/// A heap and all the objects it tracks live in one isolation domain: the thread, task or
/// actor that created them. `Heap` is deliberately not `Sendable` and its API is synchronous,
/// so Swift 6's region-based isolation keeps a heap (and the objects created with
/// ``GCObject/init(heap:)``, which join its region) inside that domain at compile time; a
/// freshly built heap can still be handed over with `sending`. Two threads collecting the same heap at once is detected and stops the program
/// with a message. An object of a thread's default heap that is released on another thread is
/// untracked safely: the untrack is queued and applied by the owning thread before its next
/// collection.
public final class Heap {
    /// The identifier stored in the headers of the objects this heap tracks.
    let id: UInt32

    /// Generation lists 0, 1, 2 and the permanent (frozen) generation, at index 3.
    let lists: UnsafeMutablePointer<ObjectList>

    /// Slot words of objects that died on a thread other than the owner of this (thread-default)
    /// heap, waiting to be
    /// removed from ``lists`` by the owner. The lock is also held while objects move between
    /// lists, so a foreign `deinit` never reads a slot word that is being rewritten.
    let deferredUntracks = LockedValue<[DeferredUntrack]>([])

    /// The thread running a collection of this heap, or 0.
    let collectingThread = Atomic<UInt>(0)

    /// Counters, thresholds and statistics, touched only by the heap's own domain.
    @exclusivity(unchecked)
    var state = CollectorState()

    /// Unreachable objects that were still referenced after their `clear()` during the
    /// collection in progress; see `Heap+Collection.swift`.
    @exclusivity(unchecked)
    var clearSurvivors: [UnsafeMutableRawPointer?] = []

    /// Garbage that an increment with a time budget cleared but had no time left to free,
    /// untracked and retained once by this list; freed a chunk at a time by the next
    /// allocations (see `Heap+DeferredRelease.swift`).
    var deferredReleases: [UnsafeMutableRawPointer] = []

    /// Untracked weak references whose referent died while this heap's collection was
    /// clearing garbage; see `Heap+Collection.swift` (`clearAndRelease`).
    @exclusivity(unchecked)
    var postponedCallbacks: [PostponedCallback] = []

    /// References to objects of other heaps found by the collection in progress (debug
    /// builds), and the pairs of classes already reported; see `Heap+CrossHeap.swift`.
    @exclusivity(unchecked)
    var pendingCrossHeapReferences: [CrossHeapReference: (String, String)] = [:]
    @exclusivity(unchecked)
    var reportedCrossHeapReferences: Set<CrossHeapReference> = []

    /// The pairs of reporting class and collection type already named by
    /// `logTemporaryBuffers` (see `Heap+TemporaryBuffers.swift`).
    @exclusivity(unchecked)
    var reportedTemporaryBuffers: Set<TemporaryBufferReport> = []

    /// How many storage nodes (shared buffers and boxes, see `SharedStorage`) the last
    /// collection's scan counted; for tests and tools.
    @exclusivity(unchecked)
    package var storageNodesInLastCollection = 0

    /// Unreachable objects that collections kept instead of freeing, like CPython's
    /// `gc.garbage`: objects still referenced after their `clear()` (uncollectable), and,
    /// with ``GC/DebugFlags/saveAll``, every unreachable object found.
    ///
    /// The list holds strong references, so its objects stay alive and tracked. Inspect them
    /// to find the leak, then empty the list (`heap.garbage.removeAll()`); cycles among them
    /// are collected by the next collection once ``debugFlags`` no longer holds `saveAll`.
    ///
    /// Setting it releases the objects it held only once the new list is stored, so a
    /// finalizer or `deinit` that those releases run may use `garbage` (or collect) freely.
    public var garbage: [GCObject] {
        get { garbageStorage }
        set {
            let old = garbageStorage
            garbageStorage = newValue
            withExtendedLifetime(old) {}
        }
    }

    /// The storage of ``garbage``; the collector appends to it directly. The setters of
    /// ``garbage``, ``callbacks`` and ``collectionTracer`` keep the old value until the write
    /// is over, so releasing it (which can run finalizers that use the heap) happens outside.
    var garbageStorage: [GCObject] = []

    /// What collections report through ``logger`` and whether they keep their garbage, like
    /// CPython's `gc.set_debug()`. Empty by default.
    public var debugFlags: GC.DebugFlags = []

    /// Functions called at the start and the end of every collection of this heap, in order,
    /// like CPython's `gc.callbacks`.
    ///
    /// Each receives the phase and a ``CollectionInfo``: at ``CollectionPhase/start`` only its
    /// generation is set; at ``CollectionPhase/stop`` it reports what the collection found and
    /// how long it paused the program. A callback runs while the collection is in progress:
    /// a ``collect(generation:)`` it makes returns 0 without collecting (and says so through
    /// ``logger``), and automatic collections wait. Callbacks may add or remove callbacks;
    /// the change applies from the next phase. Callbacks that a change drops are released
    /// once the new list is stored.
    public var callbacks: [(CollectionPhase, CollectionInfo) -> Void] {
        get { callbackStorage }
        set {
            let old = callbackStorage
            callbackStorage = newValue
            withExtendedLifetime(old) {}
        }
    }

    var callbackStorage: [(CollectionPhase, CollectionInfo) -> Void] = []

    /// Where the debugging output selected by ``debugFlags`` goes (one line per event, at
    /// `info` level), and the warning about a collection requested during a collection.
    /// Labeled `Reclaim.gc` and created from `LoggingSystem` on first use; replace it to route
    /// or filter the output.
    public lazy var logger = Logger(label: "Reclaim.gc")

    /// The swift-metrics backend that receives this heap's collection metrics, or `nil`
    /// (the default) for the one bootstrapped in `MetricsSystem`.
    ///
    /// The metric objects are created at the first collection after this is set (or, with
    /// `nil`, at the heap's first collection), so bootstrap `MetricsSystem` before that, as
    /// swift-metrics asks. Recorded per collection, with a `generation` dimension ("0", "1",
    /// "2"): counters `reclaim_gc_collections_total`, `reclaim_gc_collected_objects_total`,
    /// `reclaim_gc_uncollectable_objects_total`, `reclaim_gc_resurrected_objects_total`, and
    /// the timer (histogram) `reclaim_gc_pause_seconds`.
    public var metricsFactory: (any MetricsFactory)? {
        didSet { metrics = nil }
    }

    /// The metric objects, created by the first collection that records metrics.
    var metrics: CollectorMetrics?

    /// Called with each step of every collection of this heap, for tools that show how a
    /// collection proceeds (`reclaim explain`). `nil` (the default) costs one check per step.
    /// The tracer runs inside the collection: it must not create, change or release tracked
    /// objects of this heap, and must not hold on to the objects it is told about.
    package var collectionTracer: ((CollectionTraceEvent) -> Void)? {
        get { collectionTracerStorage }
        set {
            let old = collectionTracerStorage
            collectionTracerStorage = newValue
            withExtendedLifetime(old) {}
        }
    }

    var collectionTracerStorage: ((CollectionTraceEvent) -> Void)?

    /// State that higher layers (the inspection module) keep per heap, keyed by the
    /// attachment's type, such as the default tracker of type growth. It lives and dies with
    /// the heap; an attachment must not hold the heap or its objects strongly.
    package var attachments: [ObjectIdentifier: AnyObject] = [:]

    /// The attachment of type `Attachment`, created with `make` on first use.
    ///
    /// - Complexity: O(1).
    package func attachment<Attachment: AnyObject>(_ make: () -> Attachment) -> Attachment {
        let key = ObjectIdentifier(Attachment.self)
        if let existing = attachments[key] as? Attachment { return existing }
        let created = make()
        attachments[key] = created
        return created
    }

    /// Whether every collection ends with ``_checkInvariants()``. Not part of the public API;
    /// for Reclaim's own tests, and only effective with `RECLAIM_INTERNAL_CHECKS`.
    @exclusivity(unchecked)
    public var _checksInvariantsAfterEachCollection = false

    /// Creates an empty heap with the default thresholds, (10000, 10, 10); see ``thresholds``.
    ///
    /// The heap stays usable for as long as you hold it. When it is destroyed, the objects it
    /// still tracks become untracked (ARC keeps managing them; cycles among them can no
    /// longer be collected).
    public convenience init() {
        self.init(isThreadDefault: false)
    }

    init(isThreadDefault: Bool) {
        lists = .allocate(capacity: 4)
        lists.initialize(repeating: ObjectList(), count: 4)
        id = HeapRegistry.reserveID(threadDefault: isThreadDefault)
        HeapRegistry.publish(self, id: id)
    }

    deinit {
        releaseAllDeferredGarbage()
        HeapRegistry.unregister(id: id) {
            withOwnedLists {
                for generation in 0...SlotWord.permanentGeneration {
                    let list = lists[generation]
                    for index in 0..<list.count {
                        guard let address = list[index] else { continue }
                        Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { object in
                            object.gcHeapID = 0
                            object.gcSlot = 0
                        }
                    }
                    lists[generation].deallocate()
                }
            }
        }
        lists.deinitialize(count: 4)
        lists.deallocate()
    }
}

@available(*, unavailable, message: "a Heap is confined to the isolation domain that created it")
extension Heap: Sendable {}
