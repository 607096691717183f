/// A weak reference callback held back until a collection has finished clearing garbage.
///
/// A weak reference is tracked in its referent's heap, so the collector knows whether it is
/// garbage and never runs the callback of one that is (CPython's rule: the code that wanted
/// the notification is dying too). A weak reference to an untracked object (its class never
/// overrides `traverse`) has no heap: when its referent dies while a collection clears
/// garbage, the collector cannot tell. So the callback waits until the clearing is over, and
/// runs only if the weak reference is still alive then: a garbage one has been freed with the
/// rest.
struct PostponedCallback {
    /// Weak, so that postponing does not keep the reference alive.
    weak var node: (any WeakReferenceNode)?
}
