/// Where, among the referents one batch of `traverse(_:)` calls reported, a storage node's
/// contents start or end, or where it was referenced again: recorded by `ScanRecorder` so the
/// collector can attribute each referent to the node that holds it.
///
/// Encoded in one word: `code` in `0..<contentsFlag` enters storage node `code` (a reference
/// to it from the node whose referents are being recorded, then its contents), `code` ≥
/// `contentsFlag` starts the contents of node `code - contentsFlag` alone (a box whose
/// reference was recorded earlier, see `ScanRecorder.enterDeferred`), -1 leaves the innermost
/// node, and ≤ -2 references node `-code - 2` again (its contents are recorded once).
struct StorageMarker {
    /// The number of referents recorded before the marker.
    var position: Int32
    var code: Int32

    static let exitCode: Int32 = -1
    static let contentsFlag: Int32 = 1 << 30

    @inline(__always)
    static func enter(_ storage: Int32, at position: Int32) -> StorageMarker {
        StorageMarker(position: position, code: storage)
    }

    @inline(__always)
    static func exit(at position: Int32) -> StorageMarker {
        StorageMarker(position: position, code: exitCode)
    }

    @inline(__always)
    static func contents(of storage: Int32, at position: Int32) -> StorageMarker {
        StorageMarker(position: position, code: storage | contentsFlag)
    }

    @inline(__always)
    static func reference(to storage: Int32, at position: Int32) -> StorageMarker {
        StorageMarker(position: position, code: -storage - 2)
    }
}
