extension Heap {
    /// A class whose `traverse(_:)` reported a collection it built there, and the collection's
    /// type.
    struct TemporaryBufferReport: Hashable {
        var reporterType: ObjectIdentifier
        var containerType: ObjectIdentifier
        var reporterName: String
        var containerName: String
    }

    /// The collections the scan found that nothing held once the `traverse` that reported
    /// them returned (`[a, b].traceReferences(visit)`, `Array(d.values).traceReferences(visit)`).
    /// Their contents are not counted (see `StorageNode.isTemporary`), so a cycle through them
    /// is never collected: the user should hear why. Boxes are not listed: the optimizer makes
    /// temporary ones for copies on its own.
    func temporaryBuffers(in scan: ReferenceScan) -> [TemporaryBufferReport] {
        var found: [TemporaryBufferReport] = []
        for storage in scan.storages where storage.sharing == .buffer && storage.temporaryReporter >= 0 {
            let reporter = Unmanaged<GCObject>.fromOpaque(scan.address(of: Int(storage.temporaryReporter)))
                ._withUnsafeGuaranteedRef { type(of: $0) }
            let report = TemporaryBufferReport(
                reporterType: ObjectIdentifier(reporter),
                containerType: ObjectIdentifier(storage.containerType),
                reporterName: _typeName(reporter, qualified: false),
                containerName: storage.description
            )
            if !reportedTemporaryBuffers.contains(report) { found.append(report) }
        }
        return found
    }

    /// Logs, once per class and collection type for the life of the heap, the collections
    /// built inside `traverse` that the collection just found.
    func logTemporaryBuffers(_ reports: [TemporaryBufferReport]) {
        for report in reports where reportedTemporaryBuffers.insert(report).inserted {
            logger.warning(
                """
                gc: traverse(_:) of \(report.reporterName) reported \(report.containerName) that \
                nothing held once it returned (a collection built inside traverse). The collector \
                cannot tell who holds its elements, so it does not count them, and a cycle through \
                them is never collected: report each stored property with traceReferences(visit) \
                instead.
                """
            )
        }
    }
}
