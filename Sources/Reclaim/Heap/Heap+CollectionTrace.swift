extension Heap {
    /// The identities of the first `count` objects of a candidate or garbage list, for
    /// ``collectionTracer``.
    static func identifiers(_ objects: UnsafeMutablePointer<UnsafeMutableRawPointer?>, count: Int) -> [ObjectIdentifier]
    {
        (0..<count).map { index in
            Unmanaged<GCObject>.fromOpaque(objects[index].unsafelyUnwrapped)._withUnsafeGuaranteedRef {
                ObjectIdentifier($0)
            }
        }
    }

    /// The identities of the first `count` objects of a garbage list.
    static func identifiers(_ garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>, count: Int) -> [ObjectIdentifier]
    {
        identifiers(
            UnsafeMutableRawPointer(garbage).assumingMemoryBound(to: UnsafeMutableRawPointer?.self),
            count: count
        )
    }

    /// The first `count` working counts, widened.
    static func counts(_ refs: UnsafeMutablePointer<Int32>, count: Int) -> [Int] {
        (0..<count).map { Int(refs[$0]) }
    }
}
