/// An independent model of a graph of tracked nodes that hold their references in arrays,
/// dictionaries, sets and nested arrays whose storage copies share, as Swift does: what ARC
/// frees, what a full collection of each heap must find, and what it clears. It shares no
/// code with the collector and works on ids only.
///
/// Vertices are nodes (tracked, in heap 0 or 1), storages (a buffer that one or more
/// containers refer to), holders (plain objects, invisible to the collector) and the roots
/// the test holds. Value semantics are modelled exactly: a mutation through a container
/// whose storage has more than one reference copies it first (copy on write), which is what
/// Swift's uniqueness check does.
///
/// A full collection of heap `h` may see the `h` nodes and every storage they reach through
/// their containers; anything else (roots, holders, nodes of the other heap, storage only they
/// reach) refers from outside. What is reachable from outside is kept; the other `h` nodes
/// are the garbage, cleared (every container emptied, every holder dropped) and freed.
struct StorageModel {
    enum Reference: Hashable {
        case node(Int)
        case storage(Int)
        case holder(Int)
    }

    /// The four kinds of container a node has.
    enum Container: CaseIterable {
        case list, table, bag, groups
    }

    struct Node {
        var heap: Int
        var collectsWhenFinalized: Bool
        var next: Int?
        var containers: [Container: Int] = [:]
        var holders: [Int] = []
    }

    /// A storage's elements: nodes (`list`, `bag`), keyed nodes (`table`), inner storages or
    /// empty inner arrays (`groups`).
    struct Storage {
        var elements: [(key: Int, reference: Reference?)]
    }

    private(set) var nodes: [Int: Node] = [:]
    private(set) var storages: [Int: Storage] = [:]
    private(set) var holders: [Int: [Reference]] = [:]
    private(set) var roots: [Reference] = []
    /// Nodes freed so far (by reference counting or by a collection).
    private(set) var freed: Set<Int> = []
    /// Per heap: a collection was requested from a finalizer during a release and waits.
    private(set) var pending = [false, false]
    private var nextStorage = 0
    private var nextHolder = 0

    var aliveNodes: Set<Int> { Set(nodes.keys) }

    // MARK: - Building

    mutating func addNode(_ id: Int, heap: Int, collectsWhenFinalized: Bool) {
        nodes[id] = Node(heap: heap, collectsWhenFinalized: collectsWhenFinalized)
    }

    /// Makes a new storage with `elements`.
    private mutating func makeStorage(_ elements: [(key: Int, reference: Reference?)]) -> Int {
        let id = nextStorage
        nextStorage += 1
        storages[id] = Storage(elements: elements)
        return id
    }

    mutating func addRoot(_ reference: Reference) {
        roots.append(reference)
    }

    mutating func removeRoot(at index: Int) {
        roots.remove(at: index)
        applyReferenceCounting(collecting: nil)
    }

    /// A new holder referring to `references`, owned by a root or by a node.
    mutating func addHolder(_ references: [Reference], ownedBy owner: Int?) -> Int {
        let id = nextHolder
        nextHolder += 1
        holders[id] = references
        if let owner { nodes[owner]?.holders.append(id) } else { roots.append(.holder(id)) }
        return id
    }

    // MARK: - Container operations (what Swift does to the storage)

    /// The number of references to storage `id` from live vertices and roots.
    func referenceCount(ofStorage id: Int) -> Int {
        var count = roots.filter { $0 == .storage(id) }.count
        for node in nodes.values {
            count += node.containers.values.filter { $0 == id }.count
        }
        for storage in storages.values {
            count += storage.elements.filter { $0.reference == .storage(id) }.count
        }
        for references in holders.values {
            count += references.filter { $0 == .storage(id) }.count
        }
        return count
    }

    /// The storage of `node`'s container, made unique first (copied when shared), or a new
    /// empty one; returns its id after storing it in the container.
    private mutating func uniqueStorage(of node: Int, _ container: Container) -> Int {
        guard let current = nodes[node]?.containers[container] else {
            let fresh = makeStorage([])
            nodes[node]?.containers[container] = fresh
            return fresh
        }
        guard referenceCount(ofStorage: current) > 1 else { return current }
        let copy = makeStorage(storages[current]!.elements)
        nodes[node]?.containers[container] = copy
        return copy
    }

    mutating func append(_ target: Int, key: Int, to node: Int, _ container: Container) {
        let storage = uniqueStorage(of: node, container)
        storages[storage]?.elements.append((key, .node(target)))
    }

    /// Removes the element at `index` of `node`'s container (copying a shared storage first).
    mutating func remove(at index: Int, from node: Int, _ container: Container) {
        let storage = uniqueStorage(of: node, container)
        storages[storage]?.elements.remove(at: index)
        applyReferenceCounting(collecting: nil)
    }

    /// `node.groups.append([target])`.
    mutating func appendGroup(with target: Int, to node: Int) {
        let inner = makeStorage([(0, .node(target))])
        let outer = uniqueStorage(of: node, .groups)
        storages[outer]?.elements.append((0, .storage(inner)))
    }

    /// `node.groups[index].append(target)`: the outer storage is made unique, then the inner.
    mutating func appendToGroup(_ index: Int, target: Int, of node: Int) {
        let outer = uniqueStorage(of: node, .groups)
        let innerReference = storages[outer]!.elements[index].reference
        var inner: Int
        if case .storage(let existing) = innerReference {
            inner = existing
            if referenceCount(ofStorage: existing) > 1 {
                inner = makeStorage(storages[existing]!.elements)
                storages[outer]?.elements[index].reference = .storage(inner)
            }
        } else {
            inner = makeStorage([])
            storages[outer]?.elements[index].reference = .storage(inner)
        }
        storages[inner]?.elements.append((0, .node(target)))
        applyReferenceCounting(collecting: nil)
    }

    /// `destination.container = source.container`.
    mutating func copy(_ container: Container, from source: Int, to destination: Int) {
        let storage = nodes[source]?.containers[container]
        nodes[destination]?.containers[container] = storage
        applyReferenceCounting(collecting: nil)
    }

    /// `destination.container = []`.
    mutating func empty(_ container: Container, of node: Int) {
        nodes[node]?.containers[container] = nil
        applyReferenceCounting(collecting: nil)
    }

    mutating func setNext(of node: Int, to target: Int?) {
        nodes[node]?.next = target
        applyReferenceCounting(collecting: nil)
    }

    /// The storage of a container, or `nil` when it has none (empty).
    func storage(of node: Int, _ container: Container) -> Int? {
        nodes[node]?.containers[container]
    }

    func elements(ofStorage id: Int) -> [(key: Int, reference: Reference?)] {
        storages[id]?.elements ?? []
    }

    // MARK: - Reference counting

    /// Every reference a vertex holds.
    private func outgoing(_ vertex: Reference) -> [Reference] {
        switch vertex {
        case .node(let id):
            guard let node = nodes[id] else { return [] }
            var references: [Reference] = node.containers.values.map { .storage($0) }
            if let next = node.next { references.append(.node(next)) }
            references += node.holders.map { .holder($0) }
            return references
        case .storage(let id):
            return storages[id]?.elements.compactMap(\.reference) ?? []
        case .holder(let id):
            return holders[id] ?? []
        }
    }

    private var allVertices: [Reference] {
        nodes.keys.map { .node($0) } + storages.keys.map { .storage($0) } + holders.keys.map { .holder($0) }
    }

    /// Frees, as ARC does, every vertex that no live vertex and no root references. A node
    /// whose finalizer collects its heap, freed while a release runs, makes that collection
    /// wait for the next allocation in the heap; unless the heap is collecting right now
    /// (`collecting`), which ignores it.
    mutating func applyReferenceCounting(collecting: Int?) {
        while true {
            var counts: [Reference: Int] = [:]
            for root in roots { counts[root, default: 0] += 1 }
            for vertex in allVertices {
                for target in outgoing(vertex) { counts[target, default: 0] += 1 }
            }
            let dead = allVertices.filter { counts[$0, default: 0] == 0 }
            guard !dead.isEmpty else { return }
            for vertex in dead {
                switch vertex {
                case .node(let id):
                    if let node = nodes.removeValue(forKey: id) {
                        freed.insert(id)
                        if node.collectsWhenFinalized, node.heap != collecting { pending[node.heap] = true }
                    }
                case .storage(let id): storages[id] = nil
                case .holder(let id): holders[id] = nil
                }
            }
        }
    }

    /// Breaks every reference every live node holds, as a test does at its end for what no
    /// collection may free (cycles through holders or across heaps).
    mutating func breakAllNodes() {
        for id in nodes.keys {
            nodes[id]?.containers = [:]
            nodes[id]?.next = nil
            nodes[id]?.holders = []
        }
        applyReferenceCounting(collecting: nil)
    }

    // MARK: - Collections

    /// What the program can still reach from its roots, through every kind of reference.
    func reachableByProgram() -> Set<Reference> {
        closure(from: roots)
    }

    private func closure(from sources: [Reference]) -> Set<Reference> {
        var seen = Set<Reference>()
        var queue = sources
        while let vertex = queue.popLast() {
            guard seen.insert(vertex).inserted else { continue }
            queue += outgoing(vertex)
        }
        return seen
    }

    /// The nodes of `heap` that a full collection of it finds unreachable.
    func garbage(ofHeap heap: Int) -> Set<Int> {
        // What the collection sees: the heap's nodes and the storage they reach through
        // their containers (not through holders or nodes of the other heap).
        var seen = Set<Reference>()
        var queue: [Reference] = nodes.filter { $0.value.heap == heap }.map { .node($0.key) }
        while let vertex = queue.popLast() {
            guard seen.insert(vertex).inserted else { continue }
            switch vertex {
            case .node(let id):
                queue += (nodes[id]?.containers.values.map { Reference.storage($0) } ?? [])
            case .storage(let id):
                for element in storages[id]?.elements ?? [] {
                    if case .storage = element.reference, let reference = element.reference { queue.append(reference) }
                }
            case .holder:
                break
            }
        }
        let sources = allVertices.filter { !seen.contains($0) } + roots
        let reachable = closure(from: sources)
        return Set(nodes.filter { $0.value.heap == heap && !reachable.contains(.node($0.key)) }.map(\.key))
    }

    /// Applies a full collection of `heap`: its garbage is cleared and freed, with whatever
    /// that leaves unreferenced. Returns the garbage.
    @discardableResult
    mutating func collect(heap: Int) -> Set<Int> {
        pending[heap] = false
        let garbage = garbage(ofHeap: heap)
        for id in garbage {
            nodes[id]?.containers = [:]
            nodes[id]?.next = nil
            nodes[id]?.holders = []
        }
        applyReferenceCounting(collecting: heap)
        return garbage
    }
}
