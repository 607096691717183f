import Reclaim

/// A tracked node that stores its two references as `Unmanaged` and retains them by hand, so
/// its `traverse` reports them without the atomic retain and release that reading a strong
/// stored property costs. Measures how much of a collection is Swift's reference-counting
/// traffic inside `traverse` rather than the collector itself.
final class UnmanagedPairNode: GCObject {
    private var storedA: Unmanaged<UnmanagedPairNode>?
    private var storedB: Unmanaged<UnmanagedPairNode>?

    var a: UnmanagedPairNode? {
        get { storedA?.takeUnretainedValue() }
        set { Self.replace(&storedA, with: newValue) }
    }

    var b: UnmanagedPairNode? {
        get { storedB?.takeUnretainedValue() }
        set { Self.replace(&storedB, with: newValue) }
    }

    private static func replace(_ slot: inout Unmanaged<UnmanagedPairNode>?, with object: UnmanagedPairNode?) {
        let old = slot
        slot = object.map { Unmanaged.passRetained($0) }
        old?.release()
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        storedA?._withUnsafeGuaranteedRef { visit($0) }
        storedB?._withUnsafeGuaranteedRef { visit($0) }
    }

    override func clear() {
        a = nil
        b = nil
    }

    deinit {
        storedA?.release()
        storedB?.release()
    }
}
