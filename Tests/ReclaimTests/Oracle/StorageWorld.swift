import Logging
import Reclaim

/// A live graph of `StorageVertex`es in two heaps that the test changes at random, mirrored in
/// a `StorageModel`: every operation is performed on the real objects and recorded in the
/// model. Containers are copied between nodes, into the test's roots and into plain holders,
/// so their storage is shared the way ordinary Swift shares it.
///
/// The test holds references only in `roots`; it reaches nodes through `registry`, whose weak
/// references also tell which nodes are alive.
struct StorageWorld {
    /// What the test holds, in the order of `model.roots`.
    enum Root {
        case node(StorageVertex)
        case list([StorageVertex])
        case table([Int: StorageVertex])
        case bag(Set<StorageVertex>)
        case groups([[StorageVertex]])
        case holder(StorageHolder)
    }

    final class WeakVertex {
        weak var vertex: StorageVertex?
        init(_ vertex: StorageVertex) { self.vertex = vertex }
    }

    let heaps: [Heap]
    let record = LifeRecord()
    private(set) var model = StorageModel()
    private(set) var roots: [Root] = []
    private(set) var registry: [WeakVertex] = []
    private var nextKey = 0

    init() {
        heaps = [Heap(), Heap()]
        for heap in heaps {
            // References across the two heaps are made on purpose: no warnings.
            heap.logger = Logger(label: "StorageWorld") { _ in SwiftLogNoOpLogHandler() }
            heap.disable()
            heap._checksInvariantsAfterEachCollection = true
        }
    }

    var nodeCount: Int { registry.count }

    func actualAlive() -> Set<Int> {
        Set(registry.indices.filter { registry[$0].vertex != nil })
    }

    /// The nodes the program can reach from its roots (what the collector must never clear).
    func reachableNodes() -> Set<Int> {
        Set(
            model.reachableByProgram().compactMap { reference in
                if case .node(let id) = reference { return id }
                return nil
            }
        )
    }

    private func vertex(_ id: Int) -> StorageVertex {
        guard let vertex = registry[id].vertex else { preconditionFailure("vertex \(id) is not alive") }
        return vertex
    }

    // MARK: - Operations

    /// Creates a node in `heap`. A collection requested from a finalizer during a release
    /// runs first, at this allocation (the model applies it too).
    @discardableResult
    mutating func addNode(heap: Int, collectsWhenFinalized: Bool) -> StorageVertex {
        if model.pending[heap] { model.collect(heap: heap) }
        let id = registry.count
        let vertex =
            collectsWhenFinalized
            ? CollectingStorageVertex(id: id, record: record, heap: heaps[heap])
            : StorageVertex(id: id, record: record, heap: heaps[heap])
        registry.append(WeakVertex(vertex))
        model.addNode(id, heap: heap, collectsWhenFinalized: collectsWhenFinalized)
        return vertex
    }

    mutating func addRootNode(_ vertex: StorageVertex) {
        roots.append(.node(vertex))
        model.addRoot(.node(vertex.id))
    }

    mutating func dropRoot(at index: Int) {
        roots.remove(at: index)
        model.removeRoot(at: index)
    }

    mutating func setNext(of source: Int, to target: Int?) {
        vertex(source).next = target.map { vertex($0) }
        model.setNext(of: source, to: target)
    }

    mutating func append(_ target: Int, to source: Int, _ container: StorageModel.Container) {
        let node = vertex(source)
        let element = vertex(target)
        let key = nextKey
        nextKey += 1
        switch container {
        case .list:
            node.list.append(element)
        case .table:
            node.table[key] = element
        case .bag:
            guard !node.bag.contains(element) else { return }
            node.bag.insert(element)
        case .groups:
            if node.groups.isEmpty {
                node.groups.append([element])
                model.appendGroup(with: target, to: source)
            } else {
                let index = key % node.groups.count
                node.groups[index].append(element)
                model.appendToGroup(index, target: target, of: source)
            }
            return
        }
        model.append(target, key: key, to: source, container)
    }

    /// Removes one element (chosen by `choice`) from a container, if it has any.
    mutating func remove(_ choice: Int, from source: Int, _ container: StorageModel.Container) {
        guard let storage = model.storage(of: source, container) else { return }
        let elements = model.elements(ofStorage: storage)
        guard !elements.isEmpty, container != .groups else { return }
        let index = choice % elements.count
        let node = vertex(source)
        switch container {
        case .list:
            node.list.remove(at: index)
        case .table:
            node.table.removeValue(forKey: elements[index].key)
        case .bag:
            guard case .node(let id) = elements[index].reference else { return }
            node.bag.remove(vertex(id))
        case .groups:
            return
        }
        model.remove(at: index, from: source, container)
    }

    mutating func copy(_ container: StorageModel.Container, from source: Int, to destination: Int) {
        let from = vertex(source)
        let to = vertex(destination)
        switch container {
        case .list: to.list = from.list
        case .table: to.table = from.table
        case .bag: to.bag = from.bag
        case .groups: to.groups = from.groups
        }
        model.copy(container, from: source, to: destination)
    }

    mutating func empty(_ container: StorageModel.Container, of source: Int) {
        let node = vertex(source)
        switch container {
        case .list: node.list = []
        case .table: node.table = [:]
        case .bag: node.bag = []
        case .groups: node.groups = []
        }
        model.empty(container, of: source)
    }

    /// Keeps a copy of a container in the test's roots (a local copy of an array).
    mutating func copyToRoots(_ container: StorageModel.Container, of source: Int) {
        let node = vertex(source)
        switch container {
        case .list: roots.append(.list(node.list))
        case .table: roots.append(.table(node.table))
        case .bag: roots.append(.bag(node.bag))
        case .groups: roots.append(.groups(node.groups))
        }
        if let storage = model.storage(of: source, container) {
            model.addRoot(.storage(storage))
        } else {
            // An empty container has no storage: the root refers to nothing.
            roots.removeLast()
        }
    }

    /// A new plain holder with a copy of a container and a reference to `node`, held by the
    /// test or owned by `owner`.
    mutating func addHolder(copying container: StorageModel.Container, of source: Int, node: Int?, ownedBy owner: Int?)
    {
        let holder = StorageHolder()
        var references: [StorageModel.Reference] = []
        let from = vertex(source)
        if let storage = model.storage(of: source, container) {
            switch container {
            case .list: holder.lists.append(from.list)
            case .table: holder.tables.append(from.table)
            case .bag: holder.bags.append(from.bag)
            case .groups: holder.groups.append(from.groups)
            }
            references.append(.storage(storage))
        }
        if let node {
            holder.nodes.append(vertex(node))
            references.append(.node(node))
        }
        if let owner {
            vertex(owner).holders.append(holder)
        } else {
            roots.append(.holder(holder))
        }
        _ = model.addHolder(references, ownedBy: owner)
    }

    /// Runs a full collection of `heap` and its model; returns what each found.
    mutating func collect(heap: Int) -> (found: Int, predicted: Int) {
        let predicted = model.collect(heap: heap)
        let found = heaps[heap].collect()
        return (found, predicted.count)
    }

    /// Breaks every reference of every live node, in the objects and in the model.
    mutating func breakAllNodes() {
        for entry in registry {
            guard let vertex = entry.vertex else { continue }
            vertex.next = nil
            vertex.list = []
            vertex.table = [:]
            vertex.bag = []
            vertex.groups = []
            vertex.holders = []
        }
        model.breakAllNodes()
    }

    // MARK: - Checking the mirroring of value semantics

    /// Every difference between how the real containers share storage and how the model says
    /// they do: two containers share storage exactly when the model gives them one storage.
    func sharingProblems() -> [String] {
        var byModel: [Int: UnsafeRawPointer] = [:]
        var problems: [String] = []
        func check(_ address: UnsafeRawPointer?, isEmpty: Bool, model storage: Int?, _ what: @autoclosure () -> String)
        {
            guard let storage else {
                if !isEmpty { problems.append("\(what()): the model has no storage, the container has elements") }
                return
            }
            guard let address else {
                problems.append("\(what()): no storage address")
                return
            }
            if let known = byModel[storage], known != address {
                problems.append("\(what()): model storage \(storage) is two buffers")
            }
            byModel[storage] = address
        }
        for id in actualAlive().sorted() where model.aliveNodes.contains(id) {
            let node = vertex(id)
            check(
                RuntimeShims.storageObjectAddress(of: node.list),
                isEmpty: node.list.isEmpty,
                model: model.storage(of: id, .list),
                "node \(id) list"
            )
            check(
                RuntimeShims.storageObjectAddress(of: node.table),
                isEmpty: node.table.isEmpty,
                model: model.storage(of: id, .table),
                "node \(id) table"
            )
            check(
                RuntimeShims.storageObjectAddress(of: node.bag),
                isEmpty: node.bag.isEmpty,
                model: model.storage(of: id, .bag),
                "node \(id) bag"
            )
            check(
                RuntimeShims.storageObjectAddress(of: node.groups),
                isEmpty: node.groups.isEmpty,
                model: model.storage(of: id, .groups),
                "node \(id) groups"
            )
        }
        let addresses = Array(byModel.values)
        if Set(addresses).count != addresses.count {
            problems.append("two model storages are one buffer")
        }
        return problems
    }
}
