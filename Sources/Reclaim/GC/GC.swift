/// The calling thread's cycle collector, with the API of CPython's `gc` module.
///
/// Its members act on ``Heap/current``, the default heap of the calling thread, which is
/// also the heap that ``GCObject/init()`` tracks new objects in. Top-level code, tests,
/// command-line tools and plain threads can use it with no set-up:
///
///     final class Node: GCObject {
///         var next: Node?
///         override func traverse(_ visit: (GCObject) -> Void) { report(next, to: visit) }
///         override func clear() { next = nil }
///     }
///
///     do {
///         let a = Node(), b = Node()
///         a.next = b
///         b.next = a
///     }
///     GC.collect()  // 2: the cycle was unreachable
///
/// # Thread safety
/// Each thread has its own default heap, so threads never share collector state through
/// `GC`. The members that use the heap are unavailable from `async` code, where a task may
/// change threads between suspension points: there, create a ``Heap`` and use it directly.
public enum GC {
    /// Runs a collection; see ``Heap/collect(generation:)``.
    ///
    /// - Parameter generation: 0, 1 or 2 (the default). Any other value stops the program
    ///   with a message that names it.
    /// - Returns: The number of unreachable objects found.
    /// - Complexity: O(*n* + *e*) in the objects of the collected generations and the
    ///   references they report.
    @available(*, noasync, message: "tasks can change threads; call collect(generation:) on your own Heap")
    @discardableResult
    public static func collect(generation: Int = 2) -> Int {
        guard (0...2).contains(generation) else {
            fatalError("GC.collect(generation: \(generation)): generation must be 0, 1 or 2")
        }
        return Heap.currentForThread().runCollection(generation: generation)
    }

    /// Turns automatic collection on.
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static func enable() { Heap.currentForThread().enable() }

    /// Turns automatic collection off; ``collect(generation:)`` still works.
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static func disable() { Heap.currentForThread().disable() }

    /// Whether automatic collection is on.
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static var isEnabled: Bool { Heap.currentForThread().isEnabled }

    /// The thresholds of generations 0, 1 and 2; see ``Heap/thresholds``.
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static var thresholds: (Int, Int, Int) {
        get { Heap.currentForThread().thresholds }
        set { Heap.currentForThread().thresholds = newValue }
    }

    /// How automatic collections choose what to scan; see ``Heap/collectionMode``.
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static var collectionMode: CollectionMode {
        get { Heap.currentForThread().collectionMode }
        set { Heap.currentForThread().collectionMode = newValue }
    }

    /// The collection counters; see ``Heap/counts``.
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static var counts: (Int, Int, Int) { Heap.currentForThread().counts }

    /// Per-generation statistics; see ``Heap/stats``.
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static var stats: [GenerationStats] { Heap.currentForThread().stats }

    /// The tracked objects of one generation, or of all when `generation` is `nil`; see
    /// ``Heap/objects(generation:)``.
    ///
    /// - Complexity: O(*n*) in the number of objects listed.
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static func objects(generation: Int? = nil) -> [GCObject] {
        Heap.currentForThread().objects(generation: generation)
    }

    /// The tracked objects that refer to any of `targets`; see ``Heap/referrers(of:)``.
    ///
    /// - Complexity: O(*n* + *e*) over every tracked object.
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static func referrers(of targets: GCObject...) -> [GCObject] {
        Heap.currentForThread().referrers(ofAny: targets)
    }

    /// The objects that the `traverse` of each of `objects` reports.
    ///
    /// - Complexity: O(*e*) in the number of references reported.
    public static func referents(of objects: GCObject...) -> [GCObject] {
        Heap.referents(ofAll: objects)
    }

    /// Whether `object` is tracked by the calling thread's default heap.
    ///
    /// - Complexity: O(1).
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static func isTracked(_ object: GCObject) -> Bool {
        Heap.currentForThread().isTracked(object)
    }

    /// Moves every tracked object into the permanent generation; see ``Heap/freeze()``.
    ///
    /// - Complexity: O(*n*) in the number of tracked objects.
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static func freeze() { Heap.currentForThread().freeze() }

    /// Moves the permanent generation back into generation 2; see ``Heap/unfreeze()``.
    ///
    /// - Complexity: O(*f*) in the number of frozen objects.
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static func unfreeze() { Heap.currentForThread().unfreeze() }

    /// The number of frozen objects.
    ///
    /// - Complexity: O(1).
    @available(*, noasync, message: "tasks can change threads; use your own Heap")
    public static var freezeCount: Int { Heap.currentForThread().freezeCount }

    /// The number of strong references to `object`, like CPython's `sys.getrefcount`, but
    /// without the reference the call itself would add.
    ///
    /// The value comes from the Swift runtime (`swift_retainCount`). Like CPython's, it counts
    /// references the compiler holds in temporaries at the call site: reading a `var` in a
    /// debug build makes one, and the optimizer removes some in release builds. Compare counts
    /// before and after a change rather than relying on an absolute value.
    ///
    ///     let list = Node()
    ///     let before = GC.refcount(of: list)  // 1
    ///     let alias = list
    ///     GC.refcount(of: list) - before      // 1: `alias` is a second reference
    ///
    /// - Complexity: O(1).
    @_transparent
    public static func refcount(of object: GCObject) -> Int {
        // Transparent so the read happens at the call site: as a plain call, a debug build
        // copies the argument into a temporary first and every count reads 1 higher (measured
        // with Swift 6.3.1: 2 for an object held by one `let`, against 1 when inlined).
        RuntimeShims.retainCount(Unmanaged.passUnretained(object).toOpaque())
    }
}
