/// Which ``WeakRef``s point at each weakly referenced object, so they can be cleared, and
/// their callbacks run, when the object dies or a collection finds it unreachable.
///
/// Keyed by the referent's address; only objects with `GCObject.weaklyReferencedFlag` are
/// ever looked up, so objects without weak references pay nothing. The table holds the weak
/// references weakly: a `WeakRef` that dies first removes its own entry. One lock for the
/// process: a referent released on another thread runs the same code.
enum WeakReferenceRegistry {
    struct Entry {
        let id: ObjectIdentifier
        weak var node: (any WeakReferenceNode)?
    }

    private static let table = LockedValue<[UnsafeMutableRawPointer: [Entry]]>([:])

    /// Records that `node` refers to `referent`.
    static func register(_ node: any WeakReferenceNode, referent: GCObject) {
        let address = Unmanaged.passUnretained(referent).toOpaque()
        table.withLock { table in
            node.registeredReferent = address
            table[address, default: []].append(Entry(id: ObjectIdentifier(node), node: node))
        }
        referent.setFlag(GCObject.weaklyReferencedFlag)
    }

    /// Removes the entry of a weak reference that is being deinitialized, or that a collection
    /// found unreachable (its callback must then never run).
    static func unregister(_ node: any WeakReferenceNode) {
        let id = ObjectIdentifier(node)
        table.withLock { table in
            guard let address = node.registeredReferent else { return }
            node.registeredReferent = nil
            guard var entries = table[address] else { return }
            entries.removeAll { $0.id == id }
            table[address] = entries.isEmpty ? nil : entries
        }
    }

    /// Removes every weak reference to the object at `referent` from the table and returns
    /// the ones still alive, most recently created first (the order CPython runs callbacks in).
    static func detachAll(from referent: UnsafeMutableRawPointer) -> [any WeakReferenceNode] {
        let nodes: [any WeakReferenceNode] = table.withLock { table in
            guard let entries = table.removeValue(forKey: referent) else { return [] }
            var nodes: [any WeakReferenceNode] = []
            nodes.reserveCapacity(entries.count)
            for entry in entries.reversed() {
                guard let node = entry.node else { continue }
                node.registeredReferent = nil
                nodes.append(node)
            }
            return nodes
        }
        return nodes
    }

    /// Clears the weak references to `object`, which ARC is freeing, and runs their callbacks.
    /// Called from `GCObject.deinit` after the object was untracked.
    static func referentDeinitialized(_ referent: UnsafeMutableRawPointer) {
        let nodes = detachAll(from: referent)
        for node in nodes { node.clearReferent() }
        let clearingHeap = RuntimeShims.clearingHeap
        for node in nodes {
            if node.gcHeapID == 0, let clearingHeap {
                Unmanaged<Heap>.fromOpaque(clearingHeap)._withUnsafeGuaranteedRef {
                    $0.postponedCallbacks.append(PostponedCallback(node: node))
                }
            } else {
                node.takeCallback()?()
            }
        }
    }

    /// How many weak references to `object` exist, like `weakref.getweakrefcount`.
    static func count(of object: GCObject) -> Int {
        guard object.gcFlags & GCObject.weaklyReferencedFlag != 0 else { return 0 }
        let address = Unmanaged.passUnretained(object).toOpaque()
        return table.withLock { table in
            table[address]?.reduce(0) { count, entry in count + (entry.node == nil ? 0 : 1) } ?? 0
        }
    }
}
