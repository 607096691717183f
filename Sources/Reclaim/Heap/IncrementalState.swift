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

    /// Young objects that survived into the old generation since the last increment formed,
    /// and their instance sizes added up.
    var promotedSinceIncrement = 0
    var promotedBytesSinceIncrement = 0

    /// The old objects the next increment should scan, before the budget and the balance: two
    /// per young object (at least the young trigger, and 1 000, so that an explicit increment
    /// in a quiet heap still advances the pass), or four per promoted object plus one per four
    /// young ones when that is fewer; then scaled up when the promoted objects are larger than
    /// the old ones by instance size (`scaledToMemory`). The pace is even from one increment to
    /// the next while objects keep joining the old generation, which keeps the pauses even.
    func pace(young: Int, trigger: Int) -> Int {
        // Capped, as the young list's capacity is: a huge threshold 0 turns automatic
        // collection off in practice and must not overflow here.
        let base = Swift.max(young, Swift.min(trigger, 1 << 20), 1_000)
        let objects = Swift.min(
            Self.oldObjectsPerYoungObject * base,
            Self.oldObjectsPerPromotedObject * promotedSinceIncrement + base / Self.youngObjectsPerOldObjectAtLeast
        )
        return scaledToMemory(objects)
    }

    /// `objects` old objects, or more when the objects promoted since the last increment are
    /// larger on average than the old ones recent increments took (by instance size): the
    /// memory joining the old generation, where it may die, then sets the pace rather than
    /// the number of objects, so that a program whose long-lived objects are large finds its
    /// old garbage within a bounded number of bytes too. Never fewer than `objects`; at most
    /// `maximumMemoryScale` times as many (the budget bounds it anyway).
    func scaledToMemory(_ objects: Int) -> Int {
        guard promotedSinceIncrement > 0, promotedBytesSinceIncrement > 0 else { return objects }
        let promotedAverage = Double(promotedBytesSinceIncrement) / Double(promotedSinceIncrement)
        let scale = Swift.min(promotedAverage / oldBytesPerObject, Double(Self.maximumMemoryScale))
        guard scale > 1 else { return objects }
        return Int(Double(objects) * scale)
    }

    /// The most `scaledToMemory` multiplies the pace by.
    static let maximumMemoryScale = 16

    /// The average instance size of the old objects recent increments took (a moving
    /// average), which `scaledToMemory` compares the promoted objects' with.
    var oldBytesPerObject = 64.0

    /// Folds the instance sizes of the old objects an increment took into the average.
    mutating func record(oldObjects: Int, oldBytes: Int) {
        guard oldObjects > 0 else { return }
        let average = Double(oldBytes) / Double(oldObjects)
        // An increment of 1 000 old objects or more is a sample large enough to replace it.
        let weight = Swift.min(1, Double(oldObjects) / 1_000)
        oldBytesPerObject = (1 - weight) * oldBytesPerObject + weight * average
    }

    /// The net allocations after which the next automatic collection runs: threshold 0, or a
    /// third of the budget when that is less, so that an increment holds its young objects
    /// and twice as many old ones (the full pace) within the budget. Without it, a budget too
    /// small for threshold 0's young objects leaves little room for old ones: every increment
    /// falls short of the pace, the pass lags behind the allocations and old garbage piles up.
    /// Never less than 100 allocations (or threshold 0, when that is less).
    func youngTrigger(threshold0: Int, budget: IncrementBudget) -> Int {
        let share = objectLimit(for: budget) / (1 + Self.oldObjectsPerYoungObject)
        return Swift.min(threshold0, Swift.max(share, Self.leastYoungTrigger))
    }

    /// The fewest net allocations between two automatic increments.
    static let leastYoungTrigger = 100

    /// Old objects an increment takes (within the pace) even when the young objects alone
    /// fill its budget, so that a pass always advances.
    static let leastProgress = 1_000

    /// Old objects scanned beyond the pace (an increment that took a large structure whole),
    /// which the next increments pay back by scanning fewer, or when negative, short of it (an
    /// increment that ran out of budget), which the next increments make up by scanning more;
    /// at most one budget's worth either way.
    var balance = 0

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
