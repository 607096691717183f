extension Traceable {
    /// Reports the references that `storage` holds, for a value type whose copies share one
    /// class instance until one of them changes: a copy-on-write collection of your own, or a
    /// type from a package (`Deque`, `OrderedSet`) wrapped in one.
    ///
    /// Call it from ``traceReferences(_:)`` with the storage object and a closure that reports
    /// what the storage holds:
    ///
    ///     struct NodeQueue: Traceable {
    ///         private var storage = Storage()       // copied on write
    ///
    ///         func traceReferences(_ visit: (GCObject) -> Void) {
    ///             Self.traceStorage(storage) {
    ///                 for node in storage.nodes { visit(node) }
    ///             }
    ///         }
    ///     }
    ///
    /// This gives the type the exactness of `Array`: during a collection, the storage is
    /// counted as an object of its own, with its real retain count, so two tracked objects
    /// sharing it count its contents once and a copy held anywhere else (a local, a plain
    /// object, another heap) keeps everything the contents reach alive. Outside a collection
    /// `contents` is simply called.
    ///
    /// `storage` must hold its references only while copies of the value refer to it (not a
    /// `GCObject`, which reports itself, and not an object that other code keeps for its own
    /// use). A loop that reports the contents without this call is exact only while no copy of
    /// the value exists.
    ///
    /// - Parameters:
    ///   - storage: The class instance that the copies of the value share.
    ///   - contents: Reports every reference `storage` holds, to the visitor `traceReferences`
    ///     was given. It may not be called: a collection that has recorded this storage's
    ///     contents already does not need them again.
    /// - Complexity: O(1) plus `contents`, which runs at most once per storage and collection.
    ///
    /// # Thread safety
    /// Called by the collector from the heap's own domain, like `traceReferences`.
    public static func traceStorage(_ storage: AnyObject, _ contents: () -> Void) {
        if RuntimeShims.currentScan != nil, storage is GCObject {
            fatalError(
                """
                Reclaim: traceStorage was given a \(type(of: storage)) by \(Self.self); a GCObject \
                is not storage: report it with visit
                """
            )
        }
        SharedStorage.trace(
            UnsafeRawPointer(Unmanaged.passUnretained(storage).toOpaque()),
            of: Self.self,
            sharing: .buffer,
            contents: contents
        )
    }
}
