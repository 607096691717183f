/// An action that runs once when an object dies, or earlier on request: Python's
/// `weakref.finalize`.
///
/// Create one with ``GC/finalizer(for:_:)``. The action runs at most once, at the first of:
///
/// - the object's death: when ARC frees it (right after its `deinit`), or during the
///   ``Heap/collect(generation:)`` that finds it unreachable (with the other weak reference
///   callbacks, before any ``GCObject/finalize()`` of that collection runs);
/// - a call of the finalizer (``callAsFunction()``), which runs the action now.
///
/// ``detach()`` cancels it instead. Until one of these happens, a process-wide registry keeps
/// the finalizer alive, so the returned handle may be dropped:
///
///     let file = TempFile(heap: heap)
///     let path = file.path
///     GC.finalizer(for: file) { removeFile(at: path) }
///
/// The action must not capture the object, nor anything that refers to it: the registry holds
/// the action strongly, out of the collector's sight, so the object would never die (and the
/// action never run on its own). Capture what the action needs instead, as `path` above.
///
/// Unlike CPython's, a finalizer whose object never dies does not run when the process exits.
/// As in CPython, a finalizer created during a collection (by a ``GCObject/finalize()`` or a
/// weak reference callback) for an object that this collection then frees never runs: the
/// collector clears weak references created to its garbage without running their callbacks.
/// Such a finalizer stays registered, and alive, until it is called or detached.
///
/// # Thread safety
/// A `Finalizer` is confined to the isolation domain of its object's heap, like the object:
/// its action runs where the object dies. It is not `Sendable`. The registry is guarded by a
/// lock, so finalizers of different heaps may be created and run concurrently.
public final class Finalizer {
    /// The finalizers that have neither run nor been detached, each keeping itself alive.
    private static let registry = LockedValue<[ObjectIdentifier: Finalizer]>([:])

    /// The action, until it runs or the finalizer is detached.
    private var action: (() -> Void)?

    /// The weak reference to the object whose callback runs the action. Held here, by an
    /// untracked object, so the collector never counts it as garbage (which would drop its
    /// callback).
    private var reference: WeakRef<GCObject>?

    /// Creates a finalizer for `object` and registers it. See ``GC/finalizer(for:_:)``.
    init(for object: GCObject, action: @escaping () -> Void) {
        self.action = action
        // Creating the reference may run an automatic collection: registered only once whole.
        reference = WeakRef(object) { [weak self] _ in
            _ = self?.callAsFunction()
        }
        let id = ObjectIdentifier(self)
        Self.registry.withLock { $0[id] = self }
    }

    /// Whether the action is still waiting: it has not run and the finalizer was not detached.
    ///
    /// - Complexity: O(1).
    public var isAlive: Bool { action != nil }

    /// Runs the action now, if it has not run and the finalizer was not detached; it will not
    /// run again when the object dies.
    ///
    /// Python's `finalize.__call__`. The finalizer is no longer alive while the action runs, so
    /// the action may call it again (which returns `false`).
    ///
    /// - Returns: Whether the action ran during this call.
    /// - Complexity: O(*w*) to release the weak reference to the object (*w*: the weak
    ///   references to it), plus the action.
    @discardableResult
    public func callAsFunction() -> Bool {
        guard let action = takeAction() else { return false }
        action()
        return true
    }

    /// Cancels the finalizer: the action will not run, and is released.
    ///
    /// - Returns: Whether the finalizer was alive (its action had not run and it had not been
    ///   detached).
    /// - Complexity: O(*w*) to release the weak reference to the object (*w*: the weak
    ///   references to it), plus releasing the action.
    @discardableResult
    public func detach() -> Bool {
        takeAction() != nil
    }

    /// Makes the finalizer dead and returns its action, or `nil` when it already was.
    /// Everything it drops (the reference, the registry's hold on `self`) is released outside
    /// the registry's lock, since releasing can run `deinit`s that use the registry.
    private func takeAction() -> (() -> Void)? {
        guard let action else { return nil }
        self.action = nil
        let reference = self.reference
        self.reference = nil
        let id = ObjectIdentifier(self)
        let registered = Self.registry.withLock { $0.removeValue(forKey: id) }
        withExtendedLifetime((reference, registered)) {}
        return action
    }
}

@available(*, unavailable, message: "Finalizer is confined to the isolation domain of its object's Heap")
extension Finalizer: Sendable {}
