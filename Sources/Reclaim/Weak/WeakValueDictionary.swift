/// A dictionary that holds its values weakly: Python's `weakref.WeakValueDictionary`.
///
/// An entry disappears by itself when its value dies, whether ARC frees the value or a
/// collection finds it unreachable (for example as part of a garbage cycle):
///
///     let cache = WeakValueDictionary<String, Node>()
///     do {
///         let node = Node(heap: heap)
///         cache["root"] = node
///         cache["root"] === node  // true
///     }
///     cache["root"]  // nil: ARC freed the node, and its entry went with it
///
/// Each value is watched by a ``WeakRef`` whose callback removes the entry, so the entry is
/// gone when the value's `deinit` has run, or by the time the ``Heap/collect(generation:)``
/// that found the value unreachable returns (before any ``GCObject/finalize()`` of that
/// collection runs). Keys are held strongly, like the keys of a Swift `Dictionary`.
///
/// The dictionary is not itself a ``GCObject``: the collector does not see the references it
/// holds. It holds no strong reference to a value, so it never keeps one alive; a key that is
/// a tracked object, however, is kept alive by the dictionary as by any untracked holder.
///
/// Lookups, ``count`` and iteration only ever report live values. If a collection drops the
/// callback of an entry's weak reference (it does so for weak references created by its own
/// callbacks or finalizers to objects it then frees), the dead entry stays hidden until its
/// key is set or removed, or ``removeAll()`` runs.
///
/// # Thread safety
/// A `WeakValueDictionary` is confined to the isolation domain of the heap (or heaps) of its
/// values, like the values themselves: the callbacks that remove entries run where the values
/// die. It is not `Sendable`.
public final class WeakValueDictionary<Key: Hashable, Value: GCObject> {
    /// The entries, each value behind the weak reference whose callback removes it. May hold
    /// entries whose value has died but whose callback has not run (yet, or ever).
    private var storage: [Key: WeakRef<Value>] = [:]

    /// Creates an empty dictionary.
    ///
    /// - Complexity: O(1).
    public init() {}

    /// The value stored for `key`, or `nil` when there is none or it has died.
    ///
    /// Setting a value replaces any previous one for `key`; setting `nil` removes the entry.
    /// Setting creates a ``WeakRef`` to the value, in the value's heap, so it may run an
    /// automatic collection of that heap.
    ///
    /// - Parameter key: The key to look up or store under.
    /// - Complexity: Get: O(1) on average. Set: O(1) amortized on average, plus O(*w*) to
    ///   release the previous value's weak reference (*w*: the weak references to that value),
    ///   plus an automatic collection when one is due.
    public subscript(key: Key) -> Value? {
        get { storage[key]?.object }
        set {
            guard let newValue else {
                removeValue(forKey: key)
                return
            }
            if let existing = storage[key], existing.object === newValue {
                return
            }
            // Created before touching `storage`: creating it may run a collection whose
            // callbacks remove other entries.
            let reference = makeReference(to: newValue, forKey: key)
            // The replaced reference is released after the access to `storage` ends.
            let replaced = storage.updateValue(reference, forKey: key)
            withExtendedLifetime(replaced) {}
        }
    }

    /// The number of entries whose value is alive.
    ///
    /// - Complexity: O(*n*), where *n* is the number of entries.
    public var count: Int {
        storage.values.reduce(0) { count, reference in reference.isAlive ? count + 1 : count }
    }

    /// Whether no entry has a live value.
    ///
    /// - Complexity: O(1) when the dictionary has a live entry or no entry at all; O(*n*) in
    ///   the worst case, where *n* is the number of entries.
    public var isEmpty: Bool {
        !storage.values.contains { $0.isAlive }
    }

    /// The keys of the entries whose value is alive, in no particular order.
    ///
    /// - Complexity: O(*n*), where *n* is the number of entries.
    public var keys: [Key] {
        storage.compactMap { key, reference in reference.isAlive ? key : nil }
    }

    /// The live values, in no particular order. The array holds them strongly.
    ///
    /// - Complexity: O(*n*), where *n* is the number of entries.
    public var values: [Value] {
        storage.values.compactMap { $0.object }
    }

    /// Whether `key` has an entry whose value is alive.
    ///
    /// - Parameter key: The key to look up.
    /// - Returns: `true` when the dictionary has a live entry for `key`.
    /// - Complexity: O(1) on average.
    public func contains(key: Key) -> Bool {
        storage[key]?.isAlive ?? false
    }

    /// Removes the entry for `key`.
    ///
    /// - Parameter key: The key whose entry to remove.
    /// - Returns: The value that was stored for `key`, or `nil` when there was none or it had
    ///   died.
    /// - Complexity: O(1) on average, plus O(*w*) to release the value's weak reference (*w*:
    ///   the weak references to that value).
    @discardableResult
    public func removeValue(forKey key: Key) -> Value? {
        removeEntry(forKey: key)?.object
    }

    /// Removes every entry.
    ///
    /// - Complexity: O(*n* + *w*), where *n* is the number of entries and *w* the number of
    ///   weak references to their values.
    public func removeAll() {
        // Released after the access to `storage` ends: a key's `deinit` may use the dictionary.
        let removed = storage
        storage = [:]
        withExtendedLifetime(removed) {}
    }

    /// The number of stored entries, including those whose value has died but whose callback
    /// has not removed them. For tests.
    var storedEntryCount: Int { storage.count }

    /// A weak reference to `value` whose callback removes the entry for `key`, provided the
    /// entry still holds this very reference (the key may have been reassigned since).
    private func makeReference(to value: Value, forKey key: Key) -> WeakRef<Value> {
        WeakRef(value) { [weak self] reference in
            guard let self, self.storage[key] === reference else { return }
            _ = self.removeEntry(forKey: key)
        }
    }

    /// Removes the entry for `key` and returns its weak reference. The stored key and the
    /// reference are released by the caller, after the access to `storage` has ended, so that
    /// a `deinit` they trigger may use the dictionary.
    private func removeEntry(forKey key: Key) -> WeakRef<Value>? {
        guard let index = storage.index(forKey: key) else { return nil }
        return storage.remove(at: index).value
    }
}

extension WeakValueDictionary: Sequence {
    /// An entry of the dictionary: a key and its live value.
    public typealias Element = (key: Key, value: Value)

    /// Returns an iterator over a snapshot of the live entries, in no particular order.
    ///
    /// The snapshot is taken now and holds the values strongly, so the dictionary may be
    /// changed while iterating, and every value yielded is alive; changes are not seen by the
    /// iteration.
    ///
    /// - Complexity: O(*n*) for the snapshot, where *n* is the number of entries.
    public func makeIterator() -> IndexingIterator<[Element]> {
        let snapshot: [Element] = storage.compactMap { key, reference in
            guard let value = reference.object else { return nil }
            return (key: key, value: value)
        }
        return snapshot.makeIterator()
    }
}

@available(*, unavailable, message: "WeakValueDictionary is confined to the isolation domain of its values' Heap")
extension WeakValueDictionary: Sendable {}
