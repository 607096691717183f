import Reclaim

extension ObjectGraph {
    /// Runs a full collection, then reports the types whose number of tracked objects
    /// exceeds the peak seen by the heap's default tracker, like objgraph's `growth()`.
    ///
    /// Uses ``TypeGrowthTracker/default(for:)``, which lives as long as `heap`; create a
    /// ``TypeGrowthTracker`` of your own to measure independently of other callers.
    ///
    /// - Parameters:
    ///   - limit: The number of rows to return at most; `nil` for all. Must not be negative.
    ///   - heap: The heap to collect and count.
    /// - Returns: Rows sorted by delta, largest first, then by name; empty when no type grew.
    /// - Complexity: A full collection, plus O(*n* + *t* log *t*) in the number of tracked
    ///   objects *n* and types *t*.
    @discardableResult
    public static func growth(limit: Int? = 10, in heap: Heap = .current) -> [TypeGrowth] {
        TypeGrowthTracker.default(for: heap).growth(limit: limit, in: heap)
    }
}
