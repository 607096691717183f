internal import CReclaimShims

extension RuntimeShims {
    /// The addresses of the formal accesses in progress on the calling thread that Swift's
    /// exclusivity checking tracks at run time: the storage of every class property, global or
    /// escaping capture that some code is reading or writing right now (a `mutating` method of
    /// a struct stored in a class property, an `inout` argument, a property being assigned
    /// while the old value's release runs a `deinit`). Innermost first.
    ///
    /// How: the runtime keeps each thread's tracked accesses in a linked list whose records
    /// live in the callers' `ValueBuffer`s. `swift_beginAccess` (with the `Tracking` flag,
    /// 0x20) on an address of Reclaim's own puts a new record at the head whose third word is
    /// the previous head, tagged with its action in bit 0; each record holds the accessed
    /// address first (`Access` in `ExclusivityPrivate.h`, Swift 6.3.1). The record is removed
    /// again with `swift_endAccess`. Accesses the compiler proved safe statically are not
    /// tracked, and so not listed.
    ///
    /// - Returns: `nil` when the runtime's records could not be read (`RuntimeProbes` found
    ///   another layout, or the platform's layout is not verified).
    /// - Complexity: O(*a*) in the accesses in progress (usually none or a few).
    package static func inProgressAccessAddresses() -> [UInt]? {
        guard RuntimeProbes.results.readsAccessRecords else { return nil }
        // Usually there are none: look with a small buffer on the stack first.
        let found = withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer?.self, capacity: 8) { buffer in
            reclaim_in_progress_accesses(buffer.baseAddress!, 8)
        }
        if found < 0 { return nil }  // SIZE_MAX: not the layout expected
        if found == 0 { return [] }
        var addresses = [UnsafeMutableRawPointer?](repeating: nil, count: found)
        let again = addresses.withUnsafeMutableBufferPointer { buffer in
            reclaim_in_progress_accesses(buffer.baseAddress!, found)
        }
        return addresses.prefix(Swift.min(found, Swift.max(again, 0))).map { UInt(bitPattern: $0) }
    }

    /// Whether the access records have the layout `inProgressAccessAddresses` reads, checked
    /// with two nested accesses; for `RuntimeProbes`.
    static func probeAccessRecords() -> Bool {
        reclaim_probe_access_records()
    }
}
