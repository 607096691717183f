extension Heap {
    /// The tracked objects that a full collection started now would find unreachable: those
    /// referenced only by other tracked objects in groups that nothing outside refers to.
    ///
    /// Nothing is cleared, finalized or moved between generations; this runs the first steps
    /// of ``collect(generation:)`` (copying each object's retain count from the runtime,
    /// subtracting the references tracked objects hold to each other, rescuing everything
    /// reachable from an object with references left over) over every generation and reports
    /// what is left. Frozen objects are not examined; their references count as outside
    /// references, as in a collection.
    ///
    /// The returned array holds strong references, so the objects are reachable from the
    /// caller once this returns. Shared storage (two objects holding one array buffer, an
    /// array copied into a local) is counted as a collection counts it. A `traverse(_:)` that
    /// reports references it does not hold makes some working counts negative; as in a
    /// collection, everything the reporting types reach is then left out, so the answer
    /// stays conservative (it may miss garbage, never report a live object).
    ///
    /// Use it to see garbage before collecting it (the `LeakCheck` module and the Graphviz
    /// export highlight it), or in a test to assert that a structure leaves no cycles behind.
    ///
    /// - Returns: The unreachable objects, in generation order (youngest first).
    /// - Complexity: O(*n* + *e*) in the tracked objects and the references they report,
    ///   plus a hash lookup per reference.
    public func unreachableObjects() -> [GCObject] {
        var addresses: [UnsafeMutableRawPointer] = []
        withOwnedLists {
            for generation in 0...2 {
                let list = lists[generation]
                for index in 0..<list.count {
                    // Objects being deinitialized stay: the scan counts them as referenced
                    // from outside and never calls their traverse.
                    guard let address = list[index] else { continue }
                    addresses.append(address)
                }
            }
        }
        let count = addresses.count
        guard count > 0 else { return [] }
        var indexByAddress: [UnsafeMutableRawPointer: Int32] = [:]
        indexByAddress.reserveCapacity(count)
        for (index, address) in addresses.enumerated() {
            indexByAddress[address] = Int32(truncatingIfNeeded: index)
        }
        return addresses.withUnsafeMutableBufferPointer { buffer in
            let objects = UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(
                to: UnsafeMutableRawPointer?.self
            )
            var scan = ReferenceScan(objects: objects, count: count)
            defer { scan.deallocate() }
            let wasScanning = state.isScanning
            state.isScanning = true
            scan.copyCounts()
            scan.subtractInternalReferences(membership: AddressMembership(indexByAddress: indexByAddress))
            state.isScanning = wasScanning
            if scan.hasOverReport() {
                _ = scan.containOverReport()
            } else if scan.markReachable() == 0 {
                return []
            }
            var result: [GCObject] = []
            for index in 0..<count where scan.refs[index] == 0 {
                result.append(Unmanaged<GCObject>.fromOpaque(objects[index].unsafelyUnwrapped).takeUnretainedValue())
            }
            return result
        }
    }
}
