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
    /// Boxes of `indirect` enum cases found in the current `traverse` call, whose contents are
    /// recorded after it returns, with a copy of the value that holds each.
    private var pendingBoxes: [(number: Int32, value: any Traceable)] = []
    /// The box whose contents are being recorded (see `takePendingBox()`): the value that holds
    /// it reports its payload instead of deferring it again.
    var boxBeingDrained: UnsafeRawPointer?
    /// The storage of the property being reported `inout` whose retain count, read in place,
    /// was 1: its own, whatever copies reporting it makes (see `SharedStorage.trace(inPlace:_:)`).
    var storageHeldInPlace: UnsafeRawPointer?

    /// Records that the storage object at `address`, reported through a value of
    /// `containerType`, holds the references about to be reported (when it returns true), or
    /// holds the references recorded when it was first entered (when it returns false: do not
    /// report them again).
    mutating func enter(
        _ address: UnsafeRawPointer,
        containerType: Any.Type,
        sharing: SharedStorage.Sharing
    ) -> Bool {
        let position = Int32(truncatingIfNeeded: referents.count)
        let (number, isNew) = node(at: address, containerType: containerType, sharing: sharing)
        markers.append(isNew ? .enter(number, at: position) : .reference(to: number, at: position))
        markerCount += 1
        return isNew
    }

    /// Records a reference to the box at `address` of an `indirect` enum case held by `value`,
    /// and queues the box's contents (unless it is known already): they are recorded after the
    /// `traverse` call returns (`takePendingBox()`), so that a chain of boxes (a list built of
    /// `indirect` cases) does not nest one call per link on the stack.
    mutating func enterDeferred(_ address: UnsafeRawPointer, containerType: Any.Type, value: any Traceable) {
        let position = Int32(truncatingIfNeeded: referents.count)
        let (number, isNew) = node(at: address, containerType: containerType, sharing: .box)
        markers.append(.reference(to: number, at: position))
        markerCount += 1
        if isNew { pendingBoxes.append((number, value)) }
    }

    /// The number of the storage node at `address`, made a node of the scan first when it is
    /// not one yet (`isNew`).
    private mutating func node(
        at address: UnsafeRawPointer,
        containerType: Any.Type,
        sharing: SharedStorage.Sharing
    ) -> (number: Int32, isNew: Bool) {
        if let known = storageNumbers[address] { return (known, false) }
        let number = Int32(truncatingIfNeeded: storages.count)
        // Retained until its count is read, in case the value that reported it was the last
        // holder (a temporary made inside `traverse`).
        _ = Unmanaged<AnyObject>.fromOpaque(address).retain()
        storages.append(StorageNode(address: address, containerType: containerType, sharing: sharing))
        storageNumbers[address] = number
        enteredInBatch.append(number)
        return (number, true)
    }

    /// Takes a queued box (see `enterDeferred`), marks the start of its contents and makes it
    /// the box being drained; `nil` when none is left. Call `exit()` after reporting the value's
    /// references.
    @inline(__always)
    mutating func takePendingBox() -> (any Traceable)? {
        guard !pendingBoxes.isEmpty else { return nil }
        return takeLastPendingBox()
    }

    @inline(never)
    private mutating func takeLastPendingBox() -> any Traceable {
        let (number, value) = pendingBoxes.removeLast()
        markers.append(.contents(of: number, at: Int32(truncatingIfNeeded: referents.count)))
        markerCount += 1
        boxBeingDrained = storages[Int(number)].address
        return value
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
    /// calls returned and the temporary copies they made are gone, and lets go of them.
    ///
    /// A storage that only the scan still held was a temporary (a collection computed inside
    /// `traverse`, a box the optimizer made for a copy): its count is 0. Releasing it can
    /// lower the counts of storage it held, which may be temporaries too, so temporaries are
    /// released first, and the other counts read again until none is left: a count read while
    /// a temporary still held the storage would keep that storage's contents alive for nothing.
    mutating func settleEnteredStorages() {
        guard !enteredInBatch.isEmpty else { return }
        var unsettled: [Int32] = []
        swap(&unsettled, &enteredInBatch)
        var foundTemporary = true
        while foundTemporary {
            foundTemporary = false
            unsettled.removeAll { number in
                let address = storages[Int(number)].address
                let strongCount = RuntimeShims.referenceCountState(of: address).strongCount
                storages[Int(number)].count = Int32(clamping: strongCount - 1)
                guard strongCount <= 1 else { return false }
                foundTemporary = true
                Unmanaged<AnyObject>.fromOpaque(address).release()
                return true
            }
        }
        for number in unsettled {
            Unmanaged<AnyObject>.fromOpaque(storages[Int(number)].address).release()
        }
        unsettled.removeAll(keepingCapacity: true)
        enteredInBatch = unsettled
    }

    /// Releases the memory of the lists (not the storages, which `settleEnteredStorages`
    /// released).
    mutating func deallocate() {
        precondition(enteredInBatch.isEmpty && pendingBoxes.isEmpty, "storage nodes left unsettled")
        referents.deallocate()
    }
}
