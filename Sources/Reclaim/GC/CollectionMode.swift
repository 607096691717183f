/// How a heap's automatic collections choose what to scan.
///
/// ``generational`` follows CPython 3.13 (three generations; a full collection once the
/// objects promoted to the oldest since the last one reach 25 % of it): few collections, but
/// the full ones pause the program for time proportional to the whole heap, and garbage that
/// reached the oldest generation waits for them.
///
/// ``incremental(_:)`` splits the old generation in two spaces, *pending* and *visited*, and
/// makes each automatic collection scan the young objects plus one increment of the pending
/// space, within a budget: the longest pause follows the budget, not the heap. Every pending
/// object is scanned once per pass over the old generation, and passes are paced by
/// allocation: each increment scans the smaller of two old objects per young one and four
/// per object promoted since the last increment plus one per four young ones, more when the
/// promoted objects are larger than the old ones by instance size. Old garbage is then found
/// within a bounded amount of allocation. The design and its invariants are in the README,
/// "Incremental collection".
///
/// ``Heap/collect(generation:)`` is the same in both modes: generation 2 is a full collection,
/// 0 the young objects only; in incremental mode, 1 is one increment.
public enum CollectionMode: Sendable, Hashable {
    /// CPython 3.13's generational collection (the default).
    case generational
    /// Incremental collection of the old generation within `budget` per collection.
    case incremental(IncrementBudget)

    /// The mode without its budget, to name a mode's statistics (``Heap/stats(in:)``).
    public enum Kind: Sendable, Hashable, CaseIterable {
        case generational
        case incremental
    }

    /// This mode's kind.
    public var kind: Kind {
        switch self {
        case .generational: .generational
        case .incremental: .incremental
        }
    }
}

/// How much one increment of an incremental collection may scan.
public enum IncrementBudget: Sendable, Hashable {
    /// At most this many objects, young and old together. Increments run after a third of
    /// this many net allocations when that is fewer than threshold 0 (but at least 100), so
    /// that the young objects leave room for their share of old ones. The young objects are
    /// always scanned, even when there are more; the increment then still takes up to 1 000
    /// old objects, so the pass over the old generation advances.
    case objects(Int)
    /// About this long: converted to objects with the time per object the heap's recent
    /// increments took. Garbage an increment has no time left to free (already cleared) is
    /// freed by the next allocations of tracked objects, 128 for every 64, or by the next
    /// full collection (``IncrementReport/releasedLater``).
    case time(Duration)

    /// 50 000 objects: pauses of about 4 ms on a heap of a million objects in many small
    /// structures, up to 10 ms when increments meet one large structure (`server-pauses`
    /// and `connected-heap` in BENCHMARKS.md, on a 2-core VM). Choose `.time(_:)` to bound
    /// the pause itself.
    public static let standard = IncrementBudget.objects(50_000)
}
