/// What the `traverse(_:)` calls of one batch report to a reference scan: each referent, in
/// order, and the storage objects whose contents some of them are (see `SharedStorage`).
///
/// The scan publishes its recorder through `RuntimeShims.currentScan` while it calls
/// `traverse`, and reads it after each batch. All access goes through one
/// `UnsafeMutablePointer`, so `SharedStorage` (called from inside `traverse`) and the
/// collector's `visit` closure never overlap an `inout` access to it.
struct ScanRecorder {
    /// The referents reported by the current batch of `traverse` calls, in order.
    var referents = ObjectList()
    /// Storage markers of the current batch, in order.
    var markers: [StorageMarker] = []
    /// `markers.count`, kept as a plain integer for the traversal loop.
    private(set) var markerCount = 0
    /// The storage nodes found so far in this scan, indexed by their number.
    var storages: [StorageNode] = []
    /// Storage node numbers by storage address.
    private var storageNumbers: [UnsafeRawPointer: Int32] = [:]
    /// Storage nodes first entered in the current batch, whose counts are read at its end.
    private var enteredInBatch: [Int32] = []
    /// The storage of the property being reported `inout` whose retain count, read in place,
    /// was 1: its own, whatever copies reporting it makes (see `SharedStorage.trace(inPlace:_:)`).
    var storageHeldInPlace: UnsafeRawPointer?

    /// Records that the storage object at `address`, reported through a value of
    /// `containerType`, holds the references about to be reported (when it returns true), or
    /// holds the references recorded when it was first entered (when it returns false: do not
    /// report them again).
    mutating func enter(_ address: UnsafeRawPointer, containerType: Any.Type) -> Bool {
        let position = Int32(truncatingIfNeeded: referents.count)
        if let number = storageNumbers[address] {
            markers.append(.reference(to: number, at: position))
            markerCount += 1
            return false
        }
        let number = Int32(truncatingIfNeeded: storages.count)
        // Retained until its count is read, in case the value that reported it was the last
        // holder (a temporary made inside `traverse`).
        _ = Unmanaged<AnyObject>.fromOpaque(address).retain()
        storages.append(StorageNode(address: address, containerType: containerType))
        storageNumbers[address] = number
        enteredInBatch.append(number)
        markers.append(.enter(number, at: position))
        markerCount += 1
        return true
    }

    /// Records the end of the contents of the storage node entered last.
    mutating func exit() {
        markers.append(.exit(at: Int32(truncatingIfNeeded: referents.count)))
        markerCount += 1
    }

    /// Starts a batch.
    mutating func beginBatch() {
        referents.removeAll()
        markers.removeAll(keepingCapacity: true)
        markerCount = 0
    }

    /// Reads the counts of the storage nodes entered in this batch, now that its `traverse`
    /// calls returned and the temporary copies they made are gone, and lets go of them. A
    /// storage that only the scan still held is released here (it was a temporary).
    mutating func settleEnteredStorages() {
        for number in enteredInBatch {
            let address = storages[Int(number)].address
            let strongCount = RuntimeShims.referenceCountState(of: address).strongCount
            storages[Int(number)].count = Int32(clamping: strongCount - 1)
            Unmanaged<AnyObject>.fromOpaque(address).release()
        }
        enteredInBatch.removeAll(keepingCapacity: true)
    }

    /// Releases the memory of the lists (not the storages, which `settleEnteredStorages`
    /// released).
    mutating func deallocate() {
        precondition(enteredInBatch.isEmpty, "storage nodes left unsettled")
        referents.deallocate()
    }
}
