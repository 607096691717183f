/// A dictionary that holds its keys weakly: Python's `weakref.WeakKeyDictionary`.
///
/// An entry disappears by itself when its key dies, whether ARC frees the key or a collection
/// finds it unreachable (for example as part of a garbage cycle). Use it to attach data to
/// objects without keeping them alive:
///
///     let labels = WeakKeyDictionary<Node, String>()
///     do {
///         let node = Node(heap: heap)
///         labels[node] = "root"
///         labels.count  // 1
///     }
///     labels.count  // 0: ARC freed the node, and its entry went with it
///
/// Keys are compared by identity (`===`), not by equality: a weak key can promise that it is
/// the same object, while the value it would be equal to may change or die. (CPython compares
/// keys with `==`, which for most classes is identity too.)
///
/// Each key is watched by a ``WeakRef`` whose callback removes the entry, so the entry is gone
/// when the key's `deinit` has run, or by the time the ``Heap/collect(generation:)`` that
/// found the key unreachable returns (before any ``GCObject/finalize()`` of that collection
/// runs). Values are held strongly.
///
/// The dictionary is not itself a ``GCObject``: the collector does not see the references it
/// holds. As in CPython, a value that refers to its key, directly or through other objects,
/// keeps the key alive for as long as the dictionary lives: the entry never disappears, and
/// no collection can break that, because the dictionary's reference to the value is invisible
/// to it.
///
/// Lookups, ``count`` and iteration only ever report live keys. If a collection drops the
/// callback of an entry's weak reference (it does so for weak references created by its own
/// callbacks or finalizers to objects it then frees), the dead entry stays hidden, keeping its
/// value, until ``removeAll()`` runs or a new key happens to reuse its identifier.
///
/// # Thread safety
/// A `WeakKeyDictionary` is confined to the isolation domain of the heap (or heaps) of its
/// keys, like the keys themselves: the callbacks that remove entries run where the keys die.
/// It is not `Sendable`.
public final class WeakKeyDictionary<Key: GCObject, Value> {
    /// An entry: the weak reference to the key, whose callback removes the entry, and the value.
    private struct Entry {
        let reference: WeakRef<Key>
        var value: Value
    }

    /// The entries, by the identity of their key. May hold entries whose key has died but
    /// whose callback has not run (yet, or ever); a live entry is one whose reference returns
    /// the key with that identifier.
    private var storage: [ObjectIdentifier: Entry] = [:]

    /// Creates an empty dictionary.
    ///
    /// - Complexity: O(1).
    public init() {}

    /// The value stored for `key` (the very object, compared with `===`), or `nil` when there
    /// is none.
    ///
    /// Setting a value replaces any previous one for `key`; setting `nil` removes the entry.
    /// Adding a key creates a ``WeakRef`` to it, in the key's heap, so it may run an automatic
    /// collection of that heap.
    ///
    /// - Parameter key: The key to look up or store under.
    /// - Complexity: Get: O(1) on average. Set: O(1) amortized on average, plus an automatic
    ///   collection when one is due.
    public subscript(key: Key) -> Value? {
        get { liveEntry(for: key)?.value }
        set {
            guard let newValue else {
                removeValue(forKey: key)
                return
            }
            let id = ObjectIdentifier(key)
            let reference: WeakRef<Key>
            if let entry = liveEntry(for: key) {
                reference = entry.reference
            } else {
                // Created before touching `storage`: creating it may run a collection whose
                // callbacks remove other entries.
                reference = makeReference(to: key)
            }
            // The replaced entry (its value, or a dead entry's reference) is released after
            // the access to `storage` ends: a `deinit` may use the dictionary.
            let replaced = storage.updateValue(Entry(reference: reference, value: newValue), forKey: id)
            withExtendedLifetime(replaced) {}
        }
    }

    /// The number of entries whose key is alive.
    ///
    /// - Complexity: O(*n*), where *n* is the number of entries.
    public var count: Int {
        storage.values.reduce(0) { count, entry in entry.reference.isAlive ? count + 1 : count }
    }

    /// Whether no entry has a live key.
    ///
    /// - Complexity: O(1) when the dictionary has a live entry or no entry at all; O(*n*) in
    ///   the worst case, where *n* is the number of entries.
    public var isEmpty: Bool {
        !storage.values.contains { $0.reference.isAlive }
    }

    /// The live keys, in no particular order. The array holds them strongly.
    ///
    /// - Complexity: O(*n*), where *n* is the number of entries.
    public var keys: [Key] {
        storage.values.compactMap { $0.reference.object }
    }

    /// The values of the entries whose key is alive, in no particular order.
    ///
    /// - Complexity: O(*n*), where *n* is the number of entries.
    public var values: [Value] {
        storage.values.compactMap { $0.reference.isAlive ? $0.value : nil }
    }

    /// Whether `key` (the very object, compared with `===`) has an entry.
    ///
    /// - Parameter key: The key to look up.
    /// - Returns: `true` when the dictionary has a live entry for `key`.
    /// - Complexity: O(1) on average.
    public func contains(key: Key) -> Bool {
        liveEntry(for: key) != nil
    }

    /// Removes the entry for `key` (the very object, compared with `===`).
    ///
    /// - Parameter key: The key whose entry to remove.
    /// - Returns: The value that was stored for `key`, or `nil` when there was none.
    /// - Complexity: O(1) on average, plus O(*w*) to release the entry's weak reference (*w*:
    ///   the weak references to `key`).
    @discardableResult
    public func removeValue(forKey key: Key) -> Value? {
        guard liveEntry(for: key) != nil else { return nil }
        return removeEntry(withID: ObjectIdentifier(key))?.value
    }

    /// Removes every entry.
    ///
    /// - Complexity: O(*n* + *w*), where *n* is the number of entries and *w* the number of
    ///   weak references to their keys.
    public func removeAll() {
        // Released after the access to `storage` ends: a value's `deinit` may use the dictionary.
        let removed = storage
        storage = [:]
        withExtendedLifetime(removed) {}
    }

    /// The number of stored entries, including those whose key has died but whose callback
    /// has not removed them. For tests.
    var storedEntryCount: Int { storage.count }

    /// The entry for `key`, if its reference still returns `key`. Checking the reference also
    /// rejects a dead entry whose key's identifier `key` happens to reuse.
    private func liveEntry(for key: Key) -> Entry? {
        guard let entry = storage[ObjectIdentifier(key)], entry.reference.object === key else { return nil }
        return entry
    }

    /// A weak reference to `key` whose callback removes the entry of `key`, provided the entry
    /// still holds this very reference.
    private func makeReference(to key: Key) -> WeakRef<Key> {
        let id = ObjectIdentifier(key)
        return WeakRef(key) { [weak self] reference in
            guard let self, self.storage[id]?.reference === reference else { return }
            _ = self.removeEntry(withID: id)
        }
    }

    /// Removes the entry with identifier `id` and returns it, so that its value and reference
    /// are released by the caller, after the access to `storage` has ended.
    private func removeEntry(withID id: ObjectIdentifier) -> Entry? {
        storage.removeValue(forKey: id)
    }
}

extension WeakKeyDictionary: Sequence {
    /// An entry of the dictionary: a live key and its value.
    public typealias Element = (key: Key, value: Value)

    /// Returns an iterator over a snapshot of the live entries, in no particular order.
    ///
    /// The snapshot is taken now and holds the keys strongly, so the dictionary may be changed
    /// while iterating, and every key yielded is alive; changes are not seen by the iteration.
    ///
    /// - Complexity: O(*n*) for the snapshot, where *n* is the number of entries.
    public func makeIterator() -> IndexingIterator<[Element]> {
        let snapshot: [Element] = storage.values.compactMap { entry in
            guard let key = entry.reference.object else { return nil }
            return (key: key, value: entry.value)
        }
        return snapshot.makeIterator()
    }
}

@available(*, unavailable, message: "WeakKeyDictionary is confined to the isolation domain of its keys' Heap")
extension WeakKeyDictionary: Sendable {}
