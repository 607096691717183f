import Reclaim

extension ObjectGraph {
    /// Runs a full collection, then returns the tracked objects that no tracked object refers
    /// to, like objgraph's `get_leaking_objects()`.
    ///
    /// These are the tops of the object graph, each held only from outside the tracked heap:
    /// a local, a global, an untracked or frozen object, a manual retain. An object that refers
    /// to itself is not one of them: its own reference is a tracked one. A program normally has
    /// a few; a number that keeps growing points at objects kept by something the collector
    /// cannot see.
    ///
    /// - Parameter heap: The heap to collect and search.
    /// - Returns: The objects, in ``Heap/objects(generation:)`` order.
    /// - Complexity: A full collection, plus O(*n* + *e*) in the tracked objects and the
    ///   references they report.
    public static func leakingObjects(in heap: Heap = .current) -> [GCObject] {
        heap.collect()
        let graph = ReferenceGraph(tracking: heap)
        return graph.objects.indices.filter { graph.referrers(of: $0).isEmpty }.map(graph.object(at:))
    }
}
