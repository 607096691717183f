/// Cumulative statistics of the collections of one generation, like one entry of CPython's
/// `gc.get_stats()`.
public struct GenerationStats: Sendable, Equatable, Hashable {
    /// How many times this generation was collected (collecting generation 2 counts for 2 only).
    public var collections: Int = 0

    /// Unreachable objects that were cleared and freed by ARC (or kept in ``Heap/garbage``
    /// by ``GC/DebugFlags/saveAll``).
    public var collected: Int = 0

    /// Unreachable objects that were still referenced after the collector called their
    /// `clear()`: their `clear()` left a strong reference in place (or stored the object
    /// somewhere reachable). They move to ``Heap/garbage`` and generation 2.
    public var uncollectable: Int = 0

    /// Unreachable objects that a finalizer or a weak reference callback made reachable again;
    /// they moved to generation 2.
    public var resurrected: Int = 0

    /// Objects examined by these collections, like CPython 3.15's `candidates`.
    public var candidates: Int = 0

    /// Collections that found some `traverse` (or a `Traceable` conformance) reporting more
    /// references to an object than the Swift runtime counts for it: a bug in that code.
    /// Such a collection keeps every object the reporting types could have hidden a reference
    /// to (``heldBack``) and frees the rest; see ``CollectionInfo/suspects``.
    public var refused: Int = 0

    /// Unreachable objects these collections kept because a `traverse` found over-reporting
    /// could reach them (see ``refused``).
    public var heldBack: Int = 0

    /// Wall-clock time spent in these collections, clearing included.
    public var timeSpent: Duration = .zero

    /// How long each of these collections paused the program (clearing included, callbacks
    /// not), as a histogram: ``PauseHistogram/percentile(_:)`` gives p50 or p99 without a
    /// hand-written callback.
    public var pauses = PauseHistogram()

    /// The longest of these collections' pauses; `.zero` before the first.
    public var longestPause: Duration { pauses.longest }

    /// Creates empty statistics.
    public init() {}
}

extension GenerationStats {
    /// Adds one finished collection.
    mutating func record(_ info: CollectionInfo) {
        collections += 1
        candidates += info.candidates
        collected += info.collected
        uncollectable += info.uncollectable
        resurrected += info.resurrected
        timeSpent += info.duration
        pauses.record(info.duration)
        heldBack += info.heldBack
        if !info.suspects.isEmpty { refused += 1 }
    }
}
