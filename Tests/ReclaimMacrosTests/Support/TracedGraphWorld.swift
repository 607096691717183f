import ReclaimMacros

/// A random graph of `@Traced` vertices and its `TracedReachabilityModel`, changed side by
/// side: every operation is performed on the real objects and recorded in the model.
///
/// The test holds no strong reference to a vertex outside `roots`; it reaches the others
/// through `registry`, whose `weak` references also tell which vertices are alive.
struct TracedGraphWorld {
    /// A `weak` reference to a vertex, by id.
    struct WeakVertex {
        weak var object: GCObject?
    }

    /// The shapes of the components the builder joins.
    enum Shape: CaseIterable {
        case randomDigraph, doublyLinkedList, treeWithParents, clique, selfLoops, ring
    }

    let heap: Heap
    let journal = DeinitJournal()
    var rng: SplitMix64
    private(set) var model = TracedReachabilityModel()
    /// Every vertex ever created, by id.
    private(set) var registry: [WeakVertex] = []
    /// The references the test holds, in the order of `model.roots`.
    private(set) var roots: [GCObject] = []
    /// Copies of vertices' chains, `Any`s and collections the test holds, as a local would, in
    /// the order of `model.heldValues`: they share the storage of the values they were copied
    /// from.
    private(set) var heldValues: [Any] = []
    /// The slots some edge was stored in (coverage).
    private(set) var usedSlots: Set<EdgeSlot> = []
    /// How many times a value was shared between vertices, and held in a local (coverage).
    private(set) var sharedValueCount = 0
    private(set) var heldValueCount = 0
    /// The slots whose value was shared between vertices, and held in a local (coverage).
    private(set) var sharedSlots: Set<EdgeSlot> = []
    private(set) var heldSlots: Set<EdgeSlot> = []

    init(seed: UInt64, heap: Heap) {
        self.heap = heap
        rng = SplitMix64(seed: seed)
    }

    // MARK: Building

    /// Creates 1–60 vertices, joins them in random components with random cross edges and
    /// keeps 0–4 of them as roots. When it returns, ARC has freed whatever is acyclic and
    /// unreferenced.
    mutating func build() {
        var vertices: [GCObject] = []
        let count = Int.random(in: 1...60, using: &rng)
        for _ in 0..<count {
            vertices.append(makeVertex(older: vertices))
        }
        var first = 0
        while first < count {
            let size = min(count - first, Int.random(in: 1...12, using: &rng))
            let members = Array(first..<(first + size))
            buildComponent(members, shape: Shape.allCases.randomElement(using: &rng) ?? .ring, vertices: vertices)
            first += size
        }
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            link(
                vertices[Int.random(in: 0..<count, using: &rng)],
                to: vertices[Int.random(in: 0..<count, using: &rng)]
            )
        }
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            let root = Int.random(in: 0..<count, using: &rng)
            roots.append(vertices[root])
            model.roots.append(root)
        }
        model.applyReferenceCounting()
    }

    private mutating func buildComponent(_ members: [Int], shape: Shape, vertices: [GCObject]) {
        func link(_ from: Int, _ to: Int) { self.link(vertices[from], to: vertices[to]) }
        switch shape {
        case .randomDigraph:
            for member in members {
                for _ in 0..<Int.random(in: 0...3, using: &rng) {
                    link(member, members.randomElement(using: &rng) ?? member)
                }
            }
        case .doublyLinkedList:
            for (left, right) in zip(members, members.dropFirst()) {
                link(left, right)
                link(right, left)
            }
        case .treeWithParents:
            for (position, child) in members.enumerated().dropFirst() {
                let parent = members[Int.random(in: 0..<position, using: &rng)]
                link(parent, child)
                link(child, parent)
            }
        case .clique:
            for from in members.prefix(5) {
                for to in members.prefix(5) where to != from { link(from, to) }
            }
        case .selfLoops:
            for member in members {
                link(member, member)
                if Bool.random(using: &rng) { link(member, members.randomElement(using: &rng) ?? member) }
            }
        case .ring:
            for (position, member) in members.enumerated() {
                link(member, members[(position + 1) % members.count])
            }
        }
    }

    /// Creates a vertex of a random class; classes with `let` or non-optional references get
    /// older nodes for them (a plain node when there is none yet).
    private mutating func makeVertex(older: [GCObject]) -> GCObject {
        let weighted: [(VertexKind, Int)] = [
            (.plain, 2), (.collection, 3), (.value, 3), (.anchored, 1), (.deinitializing, 1), (.observed, 2),
            (.fixedBox, 1), (.optionalBox, 1), (.objectsBox, 1), (.leaf, 1),
        ]
        var kind = pick(weighted)
        let olderNodes = older.compactMap { $0 as? OracleNode }
        if kind.needsOlderNode && olderNodes.isEmpty { kind = .plain }
        func olderNode() -> OracleNode { olderNodes.randomElement(using: &rng)! }
        let id = model.addVertex(kind)
        let vertex: GCObject
        switch kind {
        case .plain:
            vertex = OracleNode(id: id, heap: heap)
        case .collection:
            vertex = CollectionNode(id: id, heap: heap)
        case .value:
            let pinned = olderNodes.isEmpty || Bool.random(using: &rng) ? nil : olderNode()
            if let pinned { record(.pairPinned, from: id, to: pinned.id) }
            vertex = ValueNode(id: id, pinned: pinned, heap: heap)
        case .anchored, .deinitializing:
            let origin = olderNode()
            let originals = (0..<Int.random(in: 0...2, using: &rng)).map { _ in olderNode() }
            // Any older vertex (often a box or a leaf), or none.
            let keepsake = Bool.random(using: &rng) ? older.randomElement(using: &rng) : nil
            let anchor = olderNode()
            record(.origin, from: id, to: origin.id)
            for original in originals { record(.originals, from: id, to: original.id) }
            if let keepsake { record(.keepsake, from: id, to: vertexID(of: keepsake)) }
            record(.anchor, from: id, to: anchor.id)
            if kind == .anchored {
                vertex = AnchoredNode(
                    id: id,
                    origin: origin,
                    originals: originals,
                    keepsake: keepsake,
                    anchor: anchor,
                    heap: heap
                )
            } else {
                vertex = DeinitNode(
                    id: id,
                    origin: origin,
                    originals: originals,
                    keepsake: keepsake,
                    anchor: anchor,
                    journal: journal,
                    heap: heap
                )
            }
        case .observed:
            vertex = ObservedNode(id: id, heap: heap)
        case .fixedBox:
            let value = olderNode()
            record(.fixedBoxValue, from: id, to: value.id)
            vertex = Box<OracleNode>(id: id, value: value, heap: heap)
        case .optionalBox:
            let value = olderNodes.isEmpty || Bool.random(using: &rng) ? nil : olderNode()
            if let value { record(.optionalBoxValue, from: id, to: value.id) }
            vertex = Box<OracleNode?>(id: id, value: value, heap: heap)
        case .objectsBox:
            vertex = Box<[GCObject]>(id: id, value: [], heap: heap)
        case .leaf:
            vertex = Leaf(id: id, heap: heap)
        }
        registry.append(WeakVertex(object: vertex))
        return vertex
    }

    // MARK: Edges

    /// Stores a reference from `source` to `target` in a random slot that can hold it (nothing
    /// when none can, such as a leaf pointing at a box).
    mutating func link(_ source: GCObject, to target: GCObject) {
        let sourceID = vertexID(of: source)
        let targetID = vertexID(of: target)
        let candidates = model.kinds[sourceID].slots.filter { slot in
            !slot.isSetAtInitialization
                && (slot.acceptsAnyVertex || model.kinds[targetID].isNode)
                && !(slot.isUnique && model.targets(of: sourceID, in: slot).contains(targetID))
                && (slot != .linkTwoTail || !model.targets(of: sourceID, in: .linkTwoHead).isEmpty)
        }
        let weighted = candidates.map { slot -> (EdgeSlot, Int) in
            switch slot.strength {
            case .clearable: (slot, 8)
            case .fixed: (slot, 2)
            case .untraced: (slot, 1)
            case .weak: (slot, 2)
            }
        }
        guard !weighted.isEmpty else { return }
        store(pick(weighted), in: source, target: target)
    }

    /// Stores `target` in `slot` of `source`: appended to a collection, or replacing the
    /// slot's previous reference.
    private mutating func store(_ slot: EdgeSlot, in source: GCObject, target: GCObject) {
        let sourceID = vertexID(of: source)
        let targetID = vertexID(of: target)
        usedSlots.insert(slot)
        var replaced: Set<EdgeSlot> = slot.isMultiValued ? [] : [slot]
        let node = target as? OracleNode
        switch slot {
        case .next: (source as! OracleNode).next = node
        case .hidden: (source as! OracleNode).hidden = node
        case .weakPeer: (source as! OracleNode).weakPeer = node
        case .list: (source as! CollectionNode).list.append(node!)
        case .contiguous: (source as! CollectionNode).contiguous.append(node!)
        case .set: (source as! CollectionNode).set.insert(node!)
        case .dictionaryValue:
            let collection = source as! CollectionNode
            collection.byNumber[collection.byNumber.count] = node
        case .dictionaryKey: (source as! CollectionNode).keyed[node!] = Int.random(in: 0...9, using: &rng)
        case .nested:
            let collection = source as! CollectionNode
            if collection.nested.isEmpty || Bool.random(using: &rng) {
                collection.nested.append([node!])
            } else {
                collection.nested[Int.random(in: 0..<collection.nested.count, using: &rng)].append(node!)
            }
        case .named:
            let collection = source as! CollectionNode
            let key = "key\(Int.random(in: 0..<3, using: &rng))"
            if Int.random(in: 0..<4, using: &rng) == 0 { collection.named[key, default: []].append(nil) }
            collection.named[key, default: []].append(node)
        case .objects: (source as! CollectionNode).objects.append(target)
        case .optionalList:
            let collection = source as! CollectionNode
            if collection.optionalList == nil {
                collection.optionalList = [node!]
            } else {
                collection.optionalList!.append(node!)
            }
        case .mirror:
            (source as! CollectionNode).mirrors[node!] = node!
            record(.mirror, from: sourceID, to: targetID)  // the value; the key is recorded below
        case .unsafePeer: (source as! CollectionNode).unsafePeer = node
        case .pairFirst: (source as! ValueNode).pair.first = node
        case .pairItems: (source as! ValueNode).pair.items.append(node!)
        case .linkOne:
            (source as! ValueNode).link = .one(node!)
            replaced = EdgeSlot.linkSlots
        case .linkTwoHead:
            let value = source as! ValueNode
            if case .two(_, let weight, let tail) = value.link {
                value.link = .two(node!, weight: weight, tail)
            } else {
                value.link = .two(node!, weight: Int.random(in: 0...9, using: &rng), nil)
                replaced = EdgeSlot.linkSlots
            }
        case .linkTwoTail:
            let value = source as! ValueNode
            guard case .two(let head, let weight, _) = value.link else {
                preconditionFailure("link of \(sourceID) is not .two")
            }
            value.link = .two(head, weight: weight, node)
        case .linkMany:
            let value = source as! ValueNode
            if case .many(let nodes) = value.link {
                value.link = .many(nodes + [node!])
            } else {
                value.link = .many([node!])
                replaced = EdgeSlot.linkSlots
            }
        case .routeDirect:
            (source as! ValueNode).route = .direct(node)
            replaced = EdgeSlot.routeSlots
        case .routeFanOut:
            let value = source as! ValueNode
            if case .fanOut(let nodes) = value.route {
                value.route = .fanOut(nodes + [node!])
            } else {
                value.route = .fanOut([node!])
                replaced = EdgeSlot.routeSlots
            }
        case .routePinned:
            (source as! ValueNode).route = .pinned(node!)
            replaced = EdgeSlot.routeSlots
        case .chain:
            let value = source as! ValueNode
            value.chain = .link(node!, value.chain)
        case .boxed:
            let value = source as! ValueNode
            var payload = value.boxed as! WidePayload
            payload.nodes.append(node!)
            value.boxed = payload
        case .tupleFirst: (source as! ValueNode).tuple.0 = node
        case .tupleSecond: (source as! ValueNode).tuple.1 = node
        case .callback:
            (source as! ValueNode).callback = Callback(capturing: node!) { captured, offset in captured.id + offset }
        case .left: (source as! ValueNode).left = node
        case .right: (source as! ValueNode).right = node
        case .implicit: (source as! ValueNode).implicit = node
        case .safePeer: (source as! ValueNode).safePeer = node
        case .anchor: (source as! AnchoredNode).anchor = node!
        case .extra: (source as! DeinitNode).extra.append(node!)
        case .watched: (source as! ObservedNode).watched = node
        case .spanLow: (source as! ObservedNode).span.low = node
        case .spanHigh: (source as! ObservedNode).span.high.append(node!)
        case .delegate: (source as! ObservedNode).delegate = target
        case .payload: (source as! ObservedNode).payload = target
        case .fixedBoxValue: (source as! Box<OracleNode>).value = node!
        case .optionalBoxValue: (source as! Box<OracleNode?>).value = node
        case .objectsBoxValue: (source as! Box<[GCObject]>).value.append(target)
        case .pin: (source as! Leaf).pin = node
        case .pairPinned, .origin, .originals, .keepsake:
            preconditionFailure("\(slot) is set by the initializer only")
        }
        model.remove(replaced, from: sourceID)
        record(slot, from: sourceID, to: targetID)
    }

    private mutating func record(_ slot: EdgeSlot, from source: Int, to target: Int) {
        usedSlots.insert(slot)
        model.add(slot, from: source, to: target)
    }

    private mutating func pick<Element>(_ weighted: [(Element, Int)]) -> Element {
        var ticket = Int.random(in: 0..<weighted.reduce(0) { $0 + $1.1 }, using: &rng)
        for (element, weight) in weighted {
            if ticket < weight { return element }
            ticket -= weight
        }
        preconditionFailure("empty choice")
    }

    // MARK: Mutations between collections

    /// The live vertex with `id`, if any (a strong reference: let it go before collecting).
    func vertex(_ id: Int) -> GCObject? { registry[id].object }

    /// Drops 1–2 roots and maybe a held value, and at random adds a root, adds edges between
    /// live vertices, shares a chain, an `Any` or a collection between two vertices, holds a
    /// copy of one, and drops an `@Untraced` reference; then lets the model's ARC catch up.
    mutating func mutate() {
        for _ in 0..<Int.random(in: 1...2, using: &rng) where !roots.isEmpty {
            let index = Int.random(in: 0..<roots.count, using: &rng)
            roots.remove(at: index)
            model.roots.remove(at: index)
        }
        if !heldValues.isEmpty, Bool.random(using: &rng) {
            let index = Int.random(in: 0..<heldValues.count, using: &rng)
            heldValues.remove(at: index)
            model.heldValues.remove(at: index)
        }
        model.applyReferenceCounting()
        let alive = model.alive.sorted()
        if !alive.isEmpty {
            if Int.random(in: 0..<3, using: &rng) == 0, let id = alive.randomElement(using: &rng),
                let object = vertex(id)
            {
                roots.append(object)
                model.roots.append(id)
            }
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                if let source = vertex(alive.randomElement(using: &rng)!),
                    let target = vertex(alive.randomElement(using: &rng)!)
                {
                    link(source, to: target)
                }
            }
            if Int.random(in: 0..<3, using: &rng) == 0 { shareValue() }
            if Int.random(in: 0..<4, using: &rng) == 0 { holdValue() }
            // Replacing a reference may have freed vertices: let the model catch up first.
            model.applyReferenceCounting()
            let holders = model.alive.sorted().filter { id in
                model.edges[id].contains { $0.slot.strength == .untraced }
            }
            if Bool.random(using: &rng), let id = holders.randomElement(using: &rng), let holder = vertex(id) {
                dropUntracedReferences(of: holder)
            }
        }
        model.applyReferenceCounting()
    }

    /// The live vertices that have `slot`, by id.
    private func liveHolders(of slot: EdgeSlot) -> [GCObject] {
        model.alive.sorted().filter { model.kinds[$0].slots.contains(slot) }.compactMap { vertex($0) }
    }

    /// Copies the value of a shared-value slot of one live vertex into the same slot of another
    /// (or itself), so that both share its storage: a chain's boxes, an `Any`'s box (sometimes
    /// copied into a new box instead, which then shares the array buffer inside with the
    /// original), a collection's buffer (read `inout` by `traverse` in a final class, by value
    /// behind observers). Then sometimes adds a node to the copy.
    private mutating func shareValue() {
        guard let slot = EdgeSlot.sharedValueSlots.randomElement(using: &rng) else { return }
        let holders = liveHolders(of: slot)
        guard let from = holders.randomElement(using: &rng), let to = holders.randomElement(using: &rng) else {
            return
        }
        switch slot {
        case .chain: (to as! ValueNode).chain = (from as! ValueNode).chain
        case .boxed where Bool.random(using: &rng):
            (to as! ValueNode).boxed = (from as! ValueNode).boxed as! WidePayload
        case .boxed: (to as! ValueNode).boxed = (from as! ValueNode).boxed
        case .list: (to as! CollectionNode).list = (from as! CollectionNode).list
        case .set: (to as! CollectionNode).set = (from as! CollectionNode).set
        case .dictionaryValue: (to as! CollectionNode).byNumber = (from as! CollectionNode).byNumber
        case .optionalList: (to as! CollectionNode).optionalList = (from as! CollectionNode).optionalList
        case .extra: (to as! DeinitNode).extra = (from as! DeinitNode).extra
        case .spanHigh: (to as! ObservedNode).span.high = (from as! ObservedNode).span.high
        default: preconditionFailure("\(slot) is not a shared-value slot")
        }
        sharedValueCount += 1
        sharedSlots.insert(slot)
        let copied = model.targets(of: vertexID(of: from), in: slot)
        model.remove([slot], from: vertexID(of: to))
        for target in copied { record(slot, from: vertexID(of: to), to: target) }
        if Bool.random(using: &rng), let target = liveHolders(of: .next).randomElement(using: &rng),
            !(slot.isUnique && model.targets(of: vertexID(of: to), in: slot).contains(vertexID(of: target)))
        {
            store(slot, in: to, target: target)
        }
    }

    /// Keeps a copy of the value of a shared-value slot of a live vertex, as a local would: it
    /// shares the value's storage and keeps everything in it alive.
    private mutating func holdValue() {
        guard let slot = EdgeSlot.sharedValueSlots.randomElement(using: &rng),
            let holder = liveHolders(of: slot).randomElement(using: &rng)
        else { return }
        let value: Any =
            switch slot {
            case .chain: (holder as! ValueNode).chain
            case .boxed: (holder as! ValueNode).boxed
            case .list: (holder as! CollectionNode).list
            case .set: (holder as! CollectionNode).set
            case .dictionaryValue: (holder as! CollectionNode).byNumber
            case .optionalList: (holder as! CollectionNode).optionalList as Any
            case .extra: (holder as! DeinitNode).extra
            case .spanHigh: (holder as! ObservedNode).span.high
            default: preconditionFailure("\(slot) is not a shared-value slot")
            }
        heldValueCount += 1
        heldSlots.insert(slot)
        heldValues.append(value)
        model.heldValues.append(model.targets(of: vertexID(of: holder), in: slot))
    }

    private mutating func dropUntracedReferences(of holder: GCObject) {
        switch holder {
        case let node as OracleNode: node.hidden = nil
        case let leaf as Leaf: leaf.pin = nil
        default: preconditionFailure("\(type(of: holder)) has no untraced slot")
        }
        model.remove([.hidden, .pin], from: vertexID(of: holder))
    }

    // MARK: Collections

    /// Applies a full collection to the model (before the real one runs) and returns the
    /// garbage it predicts and the uncollectable part of it.
    mutating func predictCollection() -> (garbage: Set<Int>, uncollectable: Set<Int>) {
        model.applyCollection()
    }

    // MARK: Teardown

    /// Drops every root and every held value.
    mutating func dropAllRoots() {
        roots.removeAll()
        model.roots.removeAll()
        heldValues.removeAll()
        model.heldValues.removeAll()
        model.applyReferenceCounting()
    }

    /// Empties `heap.garbage`.
    mutating func dropSavedGarbage() {
        heap.garbage.removeAll()
        model.savedGarbage.removeAll()
        model.applyReferenceCounting()
    }

    /// Breaks what no collection may break: drops every `@Untraced` reference, points every
    /// mutable reference `clear()` cannot drop at a fresh node of its own (or empties it), and
    /// empties `heap.garbage`. What is left can only be cycles the collector breaks: the
    /// remaining non-clearable references are `let`s to older vertices, which form no cycle.
    mutating func breakWhatTheCollectorCannot() {
        let objects = model.alive.sorted().compactMap { vertex($0) }
        for object in objects {
            let id = vertexID(of: object)
            if model.edges[id].contains(where: { $0.slot.strength == .untraced }) { dropUntracedReferences(of: object) }
            switch object {
            case let anchored as AnchoredNode:
                let fresh = makeFreshNode()
                store(.anchor, in: anchored, target: fresh)
            case let value as ValueNode:
                value.route = .direct(nil)
                model.remove(EdgeSlot.routeSlots, from: id)
            case let box as Box<OracleNode>:
                let fresh = makeFreshNode()
                store(.fixedBoxValue, in: box, target: fresh)
            default:
                break
            }
        }
        dropSavedGarbage()
    }

    private mutating func makeFreshNode() -> OracleNode {
        let node = OracleNode(id: model.addVertex(.plain), heap: heap)
        registry.append(WeakVertex(object: node))
        return node
    }
}
