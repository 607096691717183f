extension Heap {
    /// A pair of classes, one of whose objects refers to the other's in another heap.
    struct CrossHeapReference: Hashable {
        var sourceType: ObjectIdentifier
        var targetType: ObjectIdentifier
    }

    /// In debug builds, a function that a collection's scan calls with every reference it
    /// finds from a candidate to an object of another heap; `nil` otherwise (release builds
    /// pay nothing). What it finds is logged when the collection ends.
    func crossHeapReferenceRecorder() -> ((UnsafeMutableRawPointer, GCObject) -> Void)? {
        #if DEBUG
            let heapID = id
            return { [unowned self] source, target in
                guard target.gcHeapID != heapID else { return }
                let sourceType = Unmanaged<GCObject>.fromOpaque(source)._withUnsafeGuaranteedRef { type(of: $0) }
                let key = CrossHeapReference(
                    sourceType: ObjectIdentifier(sourceType),
                    targetType: ObjectIdentifier(type(of: target))
                )
                if !reportedCrossHeapReferences.contains(key), pendingCrossHeapReferences[key] == nil {
                    pendingCrossHeapReferences[key] = (
                        _typeName(sourceType, qualified: false), _typeName(type(of: target), qualified: false)
                    )
                }
            }
        #else
            return nil
        #endif
    }

    /// Logs, once per pair of classes for the life of the heap, the references to other heaps
    /// that the collection just found (debug builds).
    func logCrossHeapReferences() {
        guard !pendingCrossHeapReferences.isEmpty else { return }
        let found = pendingCrossHeapReferences
        pendingCrossHeapReferences = [:]
        for (key, names) in found.sorted(by: { ($0.value.0, $0.value.1) < ($1.value.0, $1.value.1) }) {
            reportedCrossHeapReferences.insert(key)
            logger.warning(
                """
                gc: \(names.0) objects refer to \(names.1) objects of another heap. This heap counts \
                those references as references from outside, so a reference cycle through them is \
                never collected by either heap. Create objects that refer to each other in one heap \
                (init(sameHeapAs:), init(heap:) or Heap.withCurrent); heap.verify() lists the \
                properties.
                """
            )
        }
    }
}
