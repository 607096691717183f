/// The bookkeeping of incremental mode (`CollectionMode.incremental`): which old-generation
/// list is the visited space, and what decides the size of the next increment.
struct IncrementalState {
    /// Old objects an increment scans per young object at most: a pass over an old generation
    /// of *n* objects then takes about *n* / 2 allocations, so old garbage is found within
    /// about *n* allocations (two passes). Measured on `server-pauses` (BENCHMARKS.md): 4 held
    /// the tracked count to 1.16 times the live count but took 2.2 times the generational
    /// mode's collector time; 2 holds it to about 1.35 times.
    static let oldObjectsPerYoungObject = 2

    /// Old objects an increment scans per object promoted since the last one, when that is
    /// fewer: a heap whose young objects die young (nothing joins the old generation) is not
    /// rescanned at the full pace.
    static let oldObjectsPerPromotedObject = 4

    /// The least share of the full pace, so that garbage appearing in an old generation that
    /// does not grow (old objects unlinked) is still found: one old object per four young ones.
    static let youngObjectsPerOldObjectAtLeast = 4

    /// The list (1 or 2) of the old objects scanned in the current pass and the young objects
    /// that survived since it began; the other old list holds the pending objects.
    var visitedSpace = 1

    /// The list of the old objects not scanned yet in the current pass.
    var pendingSpace: Int { 3 - visitedSpace }

    /// Young objects that survived into the old generation since the last increment formed.
    var promotedSinceIncrement = 0

    /// The old objects the next increment should scan, before the budget and the overshoot:
    /// two per young object (at least `threshold0`, and 1 000, so that an explicit increment
    /// in a quiet heap still advances the pass), or four per promoted object plus one per four
    /// young ones when that is fewer. The pace is even from one increment to the next while
    /// objects keep joining the old generation, which keeps the pauses even.
    func pace(young: Int, threshold0: Int) -> Int {
        // Capped, as the young list's capacity is: a huge threshold 0 turns automatic
        // collection off in practice and must not overflow here.
        let base = Swift.max(young, Swift.min(threshold0, 1 << 20), 1_000)
        return Swift.min(
            Self.oldObjectsPerYoungObject * base,
            Self.oldObjectsPerPromotedObject * promotedSinceIncrement + base / Self.youngObjectsPerOldObjectAtLeast
        )
    }

    /// Old objects an increment takes (within the pace) even when the young objects alone
    /// fill its budget, so that a pass always advances.
    static let leastProgress = 1_000

    /// Old objects scanned beyond the pace (an increment that took a large structure whole),
    /// which the next increments pay back by scanning fewer; at most one budget's worth.
    var overshoot = 0

    /// Whether an increment stopped growing at its budget since the last full collection: a
    /// garbage structure larger than the budget may then be waiting for a full collection.
    var truncatedSinceFullCollection = false

    /// The old generation's size after the last full collection (or when the mode was set).
    var oldCountAfterFullCollection = 0

    /// Nanoseconds per scanned object in recent increments (a moving average), to turn a time
    /// budget into objects.
    var nanosecondsPerObject = 100.0

    /// The most objects the next increment may scan under `budget`.
    func objectLimit(for budget: IncrementBudget) -> Int {
        switch budget {
        case .objects(let count):
            return Swift.max(1, count)
        case .time(let duration):
            let (seconds, attoseconds) = duration.components
            let nanoseconds = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
            return Swift.max(1, Int(Swift.min(nanoseconds / nanosecondsPerObject, Double(Int32.max))))
        }
    }

    /// Folds an increment's cost into the moving average.
    mutating func record(pause: Duration, objects: Int) {
        guard objects >= 1000 else { return }
        let (seconds, attoseconds) = pause.components
        let perObject = (Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(objects)
        // A slow finalizer or weak-reference callback in one collection must not shrink the
        // next budgets: one sample moves the average by at most a factor of two.
        let bounded = Swift.min(perObject, 4 * nanosecondsPerObject)
        nanosecondsPerObject = 0.75 * nanosecondsPerObject + 0.25 * bounded
    }
}
