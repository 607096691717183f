/// Reports the references held by storage that copies of a value share: the buffer of an
/// `Array`, `ContiguousArray`, `Set` or `Dictionary`, the box of an `indirect` enum case, the
/// box of a large value in an `Any`.
///
/// Outside a collection the contents are reported as the references of whoever reported the
/// value. When a collection is scanning (`RuntimeShims.currentScan` is set), the scan records
/// the storage as a node of its own, with its real retain count read once the `traverse`
/// calls of the batch have returned, and attributes the contents to it. Two tracked objects
/// sharing one array then count its elements once, a copy held anywhere else (a local, an
/// untracked object) keeps everything the elements reach alive, and a collection built inside
/// `traverse` (held by nothing once it returns) is not counted at all.
///
/// The one exception is a property that `@Traced` passes `inout` and whose buffer's count,
/// read in place, is 1 (`trace(inPlace:_:)`): that buffer is its holder's alone, and its
/// contents are the holder's references. A count of 1 read through a value that was passed
/// by value proves nothing: in an optimized build a collection built inside `traverse` has
/// count 1 too, and its elements may belong to storage that something outside shares.
enum SharedStorage {
    /// How copies of a value refer to its storage.
    enum Sharing {
        /// Every copy refers to the same storage (a collection's buffer): its retain count,
        /// once `traverse` returns, is the number of copies, and `@Traced` can read it in place
        /// (see `trace(inPlace:_:)`). A collection built inside `traverse` is named in a warning.
        case buffer
        /// A copy may refer to a new box holding a copy of the value (the optimizer re-boxes
        /// existentials and enum payloads at will), so a box found through a copy may be a
        /// temporary that the user did not write: no warning for those.
        case box
    }

    /// Reports what the storage at `address` holds by calling `contents`, which reports every
    /// reference the storage holds to the visitor the value was asked to report to (or not at
    /// all, when a collection already recorded this storage's contents).
    ///
    /// - Parameters:
    ///   - address: The storage object.
    ///   - containerType: The type of the value the storage belongs to, for messages.
    ///   - sharing: How copies of the value refer to the storage.
    ///   - contents: Reports the storage's references.
    @inline(__always)
    static func trace(
        _ address: UnsafeRawPointer,
        of containerType: Any.Type,
        sharing: Sharing,
        contents: () -> Void
    ) {
        guard let scan = RuntimeShims.currentScan else {
            contents()
            return
        }
        if sharing == .buffer, scan.assumingMemoryBound(to: ScanRecorder.self).pointee.storageHeldInPlace == address {
            contents()
            return
        }
        traceAsNode(address, of: containerType, sharing: sharing, scan: scan, contents: contents)
    }

    /// Lets `report` report `value`, a property passed `inout` that refers to a standard
    /// collection's storage in its only word (see `_TracedSupport.StorageReference`), after
    /// reading the storage's retain count in place. When the count is 1, no copy of the value
    /// exists: the storage is the property's own, and `trace(_:of:sharing:contents:)` reports
    /// its contents as the holder's, whatever copies `report` makes first (an unoptimized
    /// build copies a value it passes on to a generic function, which adds a retain).
    @inline(__always)
    static func trace<Value>(inPlace value: inout Value, _ report: (inout Value) -> Void) {
        guard let scan = RuntimeShims.currentScan, let storage = RuntimeShims.uniqueStorage(inPlace: &value) else {
            report(&value)
            return
        }
        let recorder = scan.assumingMemoryBound(to: ScanRecorder.self)
        let outer = recorder.pointee.storageHeldInPlace
        recorder.pointee.storageHeldInPlace = storage
        report(&value)
        recorder.pointee.storageHeldInPlace = outer
    }

    /// Reports the contents of a standard-library collection's storage (see
    /// `RuntimeShims.storageObjectAddress(of:)`), as those of its holder where that storage
    /// cannot be read.
    @inline(__always)
    static func trace<Collection>(storageOf collection: Collection, sharing: Sharing, contents: () -> Void) {
        guard let address = RuntimeShims.storageObjectAddress(of: collection) else {
            contents()
            return
        }
        trace(address, of: Collection.self, sharing: sharing, contents: contents)
    }

    /// Reports the contents of a box (an `indirect` enum case's, an existential's) that
    /// `locate` finds. Outside a collection the box is not looked for; in a collection, a box
    /// that cannot be found (the platform's layout is not verified) is left out, which only
    /// leaves its references unreported.
    @inline(__always)
    static func traceBox(containerType: Any.Type, locate: () -> UnsafeRawPointer?, contents: () -> Void) {
        guard let scan = RuntimeShims.currentScan else {
            contents()
            return
        }
        guard let box = locate() else { return }
        traceAsNode(box, of: containerType, sharing: .box, scan: scan, contents: contents)
    }

    /// Reports the payload of an `indirect` enum case, held in the box `locate` finds. In a
    /// collection the box's contents are recorded after the current `traverse` call returns,
    /// from a copy of `value` (see `ScanRecorder.enterDeferred`): a long chain of boxes then
    /// does not nest one call per link.
    static func traceIndirectBox<Enum: Traceable>(
        of value: Enum,
        locate: () -> UnsafeRawPointer?,
        contents: () -> Void
    ) {
        guard let scan = RuntimeShims.currentScan else {
            contents()
            return
        }
        guard let box = locate() else { return }
        let recorder = scan.assumingMemoryBound(to: ScanRecorder.self)
        if recorder.pointee.boxBeingDrained == box {
            recorder.pointee.boxBeingDrained = nil
            contents()
            return
        }
        recorder.pointee.enterDeferred(box, containerType: Enum.self, value: value)
    }

    @inline(never)
    private static func traceAsNode(
        _ address: UnsafeRawPointer,
        of containerType: Any.Type,
        sharing: Sharing,
        scan: UnsafeMutableRawPointer,
        contents: () -> Void
    ) {
        let recorder = scan.assumingMemoryBound(to: ScanRecorder.self)
        guard recorder.pointee.enter(address, containerType: containerType, sharing: sharing) else { return }
        contents()
        recorder.pointee.exit()
    }
}
