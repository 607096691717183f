extension GC {
    /// Checks the `traverse(_:)` of every object the calling thread's default heap tracks
    /// against the strong references the object stores; see ``Heap/verify()``.
    ///
    /// - Returns: The issues found, grouped by type and property.
    /// - Complexity: O(*n* + *s* + *e*) in the tracked objects, the values stored in their
    ///   properties and the references their `traverse` reports.
    @available(*, noasync, message: "tasks can change threads; call verify() on your own Heap")
    public static func verify() -> TraverseReport {
        Heap.currentForThread().verify()
    }
}
