/// What one collection did, as ``Heap/callbacks`` receive it (CPython's callback `info`).
public struct CollectionInfo: Sendable, Hashable {
    /// The generation collected (younger generations were collected with it).
    public var generation: Int

    /// Unreachable objects that were cleared and freed, or kept in ``Heap/garbage`` by
    /// ``GC/DebugFlags/saveAll``. 0 at ``CollectionPhase/start``.
    public var collected: Int

    /// Unreachable objects still referenced after their `clear()`; they were moved to
    /// ``Heap/garbage``. 0 at ``CollectionPhase/start``.
    public var uncollectable: Int

    /// Unreachable objects that a finalizer or weak reference callback made reachable again.
    /// 0 at ``CollectionPhase/start``.
    public var resurrected: Int

    /// Objects examined. 0 at ``CollectionPhase/start``.
    public var candidates: Int

    /// How long the collection paused the program, without the callbacks. `.zero` at
    /// ``CollectionPhase/start``.
    public var duration: Duration

    /// Objects some `traverse(_:)` reported more often than they are referenced, when the
    /// collection found any (``GenerationStats/refused``). An object in use could then have
    /// looked unreachable, so the collection kept every object that the reporting types reach
    /// (``heldBack``) and freed only the garbage they cannot reach. Empty at
    /// ``CollectionPhase/start`` and in every collection of correct `traverse` methods.
    public var suspects: [TraverseSuspect]

    /// Unreachable objects kept because an over-reporting `traverse` (see ``suspects``) could
    /// reach them. 0 when nothing over-reported.
    public var heldBack: Int

    /// In incremental mode, what an increment (an automatic collection, or
    /// `collect(generation: 1)`) scanned; `nil` for other collections and at
    /// ``CollectionPhase/start``.
    public var increment: IncrementReport?

    /// Creates a description of a collection.
    public init(
        generation: Int,
        collected: Int = 0,
        uncollectable: Int = 0,
        resurrected: Int = 0,
        candidates: Int = 0,
        duration: Duration = .zero,
        suspects: [TraverseSuspect] = [],
        heldBack: Int = 0,
        increment: IncrementReport? = nil
    ) {
        self.increment = increment
        self.suspects = suspects
        self.heldBack = heldBack
        self.generation = generation
        self.collected = collected
        self.uncollectable = uncollectable
        self.resurrected = resurrected
        self.candidates = candidates
        self.duration = duration
    }
}
