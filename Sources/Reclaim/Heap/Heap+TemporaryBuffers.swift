extension Heap {
    /// A class whose `traverse(_:)` reported a collection it built there, and the collection's
    /// type.
    struct TemporaryBufferReport: Hashable {
        var reporterType: ObjectIdentifier
        var containerType: ObjectIdentifier
    }

    /// The collections the scan found that nothing held once the `traverse` that reported
    /// them returned (`[a, b].traceReferences(visit)`, `Array(d.values).traceReferences(visit)`)
    /// and that this heap has not named yet, with the names for the message. Their contents
    /// are not counted (see `StorageNode.isTemporary`), so a cycle through them is never
    /// collected: the user should hear why. Boxes are not listed: the optimizer makes
    /// temporary ones for copies on its own.
    func temporaryBuffers(in scan: ReferenceScan) -> [(TemporaryBufferReport, reporter: String, container: String)] {
        var found: [(TemporaryBufferReport, reporter: String, container: String)] = []
        for storage in scan.storages where storage.sharing == .buffer && storage.temporaryReporter >= 0 {
            let reporter = Unmanaged<GCObject>.fromOpaque(scan.address(of: Int(storage.temporaryReporter)))
                ._withUnsafeGuaranteedRef { type(of: $0) }
            let report = TemporaryBufferReport(
                reporterType: ObjectIdentifier(reporter),
                containerType: ObjectIdentifier(storage.containerType)
            )
            guard !reportedTemporaryBuffers.contains(report), !found.contains(where: { $0.0 == report }) else {
                continue
            }
            found.append((report, _typeName(reporter, qualified: false), storage.description))
        }
        return found
    }

    /// Logs, once per class and collection type for the life of the heap, the collections
    /// built inside `traverse` that the collection just found.
    func logTemporaryBuffers(_ reports: [(TemporaryBufferReport, reporter: String, container: String)]) {
        for (report, reporter, container) in reports where reportedTemporaryBuffers.insert(report).inserted {
            logger.warning(
                """
                gc: traverse(_:) of \(reporter) reported \(container) that nothing held once it \
                returned (a collection built inside traverse). The collector cannot tell who holds \
                its elements, so it does not count them, and a cycle through them is never \
                collected: report each stored property with traceReferences(visit) instead.
                """
            )
        }
    }
}
