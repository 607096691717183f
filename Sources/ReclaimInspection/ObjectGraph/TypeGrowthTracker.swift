import Reclaim

/// Remembers the peak number of tracked objects of each type, to report the types that grew
/// beyond it, like objgraph's `show_growth()` and its `peak_stats` dictionary.
///
///     let tracker = TypeGrowthTracker()
///     tracker.growth(in: heap)  // first call: every type, with delta == total
///     runRequest()
///     tracker.growth(in: heap)  // [TypeGrowth(name: "Session", total: 4, delta: 1)]: a leak?
///
/// Peaks only rise: a type whose objects are freed and then created again is reported only
/// once its count exceeds the highest count seen before. Use one tracker per heap; the
/// ``ObjectGraph/growth(limit:in:)`` convenience uses ``default(for:)``.
///
/// A tracker holds type names and counts only, never objects or heaps.
///
/// # Thread safety
/// Not `Sendable`: use a tracker in the isolation domain of the heap it measures, which
/// ``growth(limit:in:)`` has to run in anyway.
public final class TypeGrowthTracker {
    /// How the tracker writes type names; fixed so that peaks stay comparable.
    public let naming: TypeNameStyle

    /// The highest count seen for each type name so far.
    public private(set) var peaks: [String: Int] = [:]

    private var names: TypeNameCache

    /// Creates a tracker with no peaks, so that its first ``growth(limit:in:)`` reports every
    /// type.
    ///
    /// - Parameter naming: How to write type names; ``TypeNameStyle/short`` by default.
    public init(naming: TypeNameStyle = .short) {
        self.naming = naming
        names = TypeNameCache(style: naming)
    }

    /// Runs a full collection of `heap`, then reports the types whose number of tracked
    /// objects exceeds their peak, and raises those peaks.
    ///
    /// The collection removes unreachable cycles first, so that only objects that are still
    /// in use count. Peaks are updated for every type that grew, including the ones left out
    /// by `limit`.
    ///
    /// - Parameters:
    ///   - limit: The number of rows to return at most; `nil` for all. Must not be negative.
    ///   - heap: The heap to collect and count.
    /// - Returns: Rows sorted by delta, largest first, then by name; empty when no type grew.
    /// - Complexity: A full collection, plus O(*n* + *t* log *t*) in the number of tracked
    ///   objects *n* and types *t*.
    @discardableResult
    public func growth(limit: Int? = 10, in heap: Heap) -> [TypeGrowth] {
        ObjectGraph.checkLimit(limit, function: "growth")
        heap.collect()
        var rows: [TypeGrowth] = []
        for (name, total) in ObjectGraph.typeStats(in: heap, names: &names) {
            let peak = peaks[name, default: 0]
            guard total > peak else { continue }
            peaks[name] = total
            rows.append(TypeGrowth(name: name, total: total, delta: total - peak))
        }
        rows.sort { $0.delta != $1.delta ? $0.delta > $1.delta : $0.name < $1.name }
        return limit.map { Array(rows.prefix($0)) } ?? rows
    }

    /// Forgets every peak, so that the next ``growth(limit:in:)`` reports every type again.
    public func reset() {
        peaks = [:]
    }
}
