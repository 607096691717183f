/// A weak reference to a tracked object, with an optional callback: Python's `weakref.ref`.
///
/// The reference does not keep its object alive. ``object`` returns the object while it
/// lives and `nil` afterwards. The callback runs once, with the (now empty) reference, when
/// the object dies:
///
///     let cache = Node()
///     let watcher = WeakRef(cache) { _ in print("cache is gone") }
///     watcher.object === cache  // true
///
/// When ARC frees the object, its weak references are cleared and their callbacks run (most
/// recently created first) right after its `deinit`. When a collection finds the object
/// unreachable, every weak reference to the group is cleared before any ``GCObject/finalize()``
/// runs, and the callbacks run then, except for weak references that are unreachable
/// themselves (part of the same garbage): those are cleared silently, as in CPython.
///
/// A `WeakRef` is itself a tracked object, created in its referent's heap, so the collector
/// can tell whether it is part of the garbage: report it from `traverse` like any other
/// ``GCObject`` you hold. Its callback is a closure, whose captures the collector cannot see:
/// a callback that captures the referent keeps it alive forever.
///
/// Swift's own `weak var` is unchanged by Reclaim and works on tracked objects as on any other
/// class instance, but has no callback and is not cleared by collections until the object
/// is freed; `WeakRef` gives Python's semantics.
///
/// # Thread safety
/// Like its referent, a `WeakRef` is confined to the isolation domain of the referent's heap;
/// it is not `Sendable`.
public final class WeakRef<Object: GCObject>: GCObject, WeakReferenceNode {
    private weak var referent: Object?
    private var callback: ((WeakRef<Object>) -> Void)?

    /// See `WeakReferenceNode`; guarded by `WeakReferenceRegistry`'s lock.
    var registeredReferent: UnsafeMutableRawPointer?

    /// Creates a weak reference to `object`, tracked by the same heap.
    ///
    /// - Parameters:
    ///   - object: The object to refer to.
    ///   - callback: Runs once when `object` dies (unless this reference is unreachable
    ///     itself by then), with this reference, which then returns `nil`.
    /// - Complexity: O(1) amortized, plus an automatic collection when one is due.
    public init(_ object: Object, callback: ((WeakRef<Object>) -> Void)? = nil) {
        referent = object
        self.callback = callback
        super.init(trackedWith: object)
        setFlag(GCObject.weakReferenceFlag)
        WeakReferenceRegistry.register(self, referent: object)
    }

    deinit {
        WeakReferenceRegistry.unregister(self)
    }

    /// The object, or `nil` once it has died or a collection found it unreachable.
    public var object: Object? { referent }

    /// The object, or `nil`: the same as ``object``, spelled like calling a Python `weakref`.
    public func callAsFunction() -> Object? { referent }

    /// Whether the object is still alive (and reachable, as far as the last collection knows).
    public var isAlive: Bool { referent != nil }

    /// Whether a callback is still waiting to run.
    public var hasCallback: Bool { callback != nil }

    /// How many weak references to `object` exist, like Python's `weakref.getweakrefcount`.
    ///
    /// - Complexity: O(*w*), where *w* is the number of weak references to `object`.
    public static func count(of object: GCObject) -> Int {
        WeakReferenceRegistry.count(of: object)
    }

    func clearReferent() {
        referent = nil
    }

    func takeCallback() -> (() -> Void)? {
        guard let callback else { return nil }
        self.callback = nil
        return { callback(self) }
    }
}
