import Reclaim

extension TypeGrowthTracker {
    /// The tracker that ``ObjectGraph/growth(limit:in:)`` uses for `heap`, created with short
    /// names on first use.
    ///
    /// It is stored with the heap and lives exactly as long as the heap: for ``Heap/current``,
    /// until the thread exits. It holds no reference to the heap, so it keeps nothing alive.
    ///
    /// - Parameter heap: The heap whose default tracker to return.
    /// - Returns: The same tracker on every call for the same heap.
    /// - Complexity: O(1).
    public static func `default`(for heap: Heap = .current) -> TypeGrowthTracker {
        heap.attachment { TypeGrowthTracker() }
    }
}
