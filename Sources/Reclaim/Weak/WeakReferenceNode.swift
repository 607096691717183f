/// What the collector and `WeakReferenceRegistry` need from a ``WeakRef``, whatever its
/// referent type.
protocol WeakReferenceNode: GCObject {
    /// The referent's address while the reference is in the registry. Read and written only
    /// with the registry's lock held.
    var registeredReferent: UnsafeMutableRawPointer? { get set }

    /// Makes the reference return `nil` from now on.
    func clearReferent()

    /// Removes the callback and returns it bound to this reference, so it runs at most once.
    func takeCallback() -> (() -> Void)?
}
