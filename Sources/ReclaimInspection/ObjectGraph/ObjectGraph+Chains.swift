import Reclaim

extension ObjectGraph {
    /// The shortest chain of references from an object held from outside the tracked heap to
    /// `object`, like objgraph's `find_backref_chain()`: the answer to "what keeps this alive?".
    ///
    /// Searches breadth-first over referrers (the tracked objects whose `traverse` reports the
    /// object) and stops at the first *root*: an object whose runtime retain count exceeds the
    /// references tracked objects hold to it, so something the collector cannot see holds it
    /// (a local or global, an untracked object, a frozen one: frozen objects' references count
    /// as outside references, as in a collection). `object` itself ends the chain and is never
    /// a root, since the caller holds it. The counts are read while this function holds no
    /// reference to any object.
    ///
    /// Unlike objgraph, no collection runs first: unreachable objects have no outside
    /// references, so they can be links of no chain that starts at a root.
    ///
    /// - Parameters:
    ///   - object: The object to explain.
    ///   - maxDepth: The longest chain to look for, in references. Must not be negative.
    ///   - heap: The heap whose tracked objects are searched.
    /// - Returns: The chain root → … → `object`; `nil` when no root refers to `object` through
    ///   at most `maxDepth` references. That happens when `object` is held only from outside
    ///   (then it is its own root, and objgraph would return `[object]`), when every chain is
    ///   longer than `maxDepth`, and when `object` is unreachable garbage.
    /// - Complexity: O(*n* + *e*) in the tracked objects and the references they report: one
    ///   pass builds the referrer index, then the search visits each object at most once.
    public static func backrefChain(to object: GCObject, maxDepth: Int = 20, in heap: Heap = .current)
        -> ReferenceChain?
    {
        checkDepth(maxDepth, function: "backrefChain")
        let graph = ReferenceGraph(tracking: heap, adding: [Unmanaged.passUnretained(object).toOpaque()])
        guard let target = graph.node(of: object) else { return nil }
        var toward = [Int](repeating: -1, count: graph.objects.count)
        var depth = [Int](repeating: 0, count: graph.objects.count)
        toward[target] = target
        var queue = [target]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            if node != target, graph.externalCount(of: node) > 0 {
                var nodes = [node]
                while nodes[nodes.count - 1] != target {
                    nodes.append(toward[nodes[nodes.count - 1]])
                }
                return ReferenceChain.naming(nodes.map(graph.object(at:)))
            }
            guard depth[node] < maxDepth else { continue }
            for referrer in graph.referrers(of: node) where toward[referrer] == -1 {
                toward[referrer] = node
                depth[referrer] = depth[node] + 1
                queue.append(referrer)
            }
        }
        return nil
    }

    /// The shortest chain of references from `start` to `end`, following what each object's
    /// `traverse` reports, like objgraph's `find_ref_chain()`.
    ///
    /// - Parameters:
    ///   - start: The object the chain starts at.
    ///   - end: The object to reach.
    ///   - maxDepth: The longest chain to look for, in references. Must not be negative.
    /// - Returns: The chain `start` → … → `end`, a single link when they are the same object,
    ///   or `nil` when `end` cannot be reached through at most `maxDepth` references.
    /// - Complexity: O(*v* + *e*) in the objects reachable from `start` within `maxDepth`
    ///   references and the references they report.
    public static func refChain(from start: GCObject, to end: GCObject, maxDepth: Int = 20) -> ReferenceChain? {
        let wanted = ObjectIdentifier(end)
        return refChain(from: start, maxDepth: maxDepth) { ObjectIdentifier($0) == wanted }
    }

    /// The shortest chain of references from `start` to an object that satisfies
    /// `isDestination`, following what each object's `traverse` reports.
    ///
    /// - Parameters:
    ///   - start: The object the chain starts at; it is tested too.
    ///   - maxDepth: The longest chain to look for, in references. Must not be negative.
    ///   - isDestination: Whether an object ends the chain. It must not change the object graph.
    /// - Returns: The chain `start` → … → the first matching object in breadth-first order, or
    ///   `nil` when none is reachable through at most `maxDepth` references.
    /// - Complexity: O(*v* + *e*) in the objects reachable from `start` within `maxDepth`
    ///   references and the references they report.
    public static func refChain(
        from start: GCObject,
        maxDepth: Int = 20,
        where isDestination: (GCObject) -> Bool
    ) -> ReferenceChain? {
        checkDepth(maxDepth, function: "refChain")
        var objects = [start]
        var from = [-1]
        var depth = [0]
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(start)]
        var head = 0
        while head < objects.count {
            let node = head
            head += 1
            if isDestination(objects[node]) {
                var path = [node]
                while from[path[path.count - 1]] != -1 {
                    path.append(from[path[path.count - 1]])
                }
                return ReferenceChain.naming(path.reversed().map { objects[$0] })
            }
            guard depth[node] < maxDepth else { continue }
            var found: [GCObject] = []
            objects[node].traverse { found.append($0) }
            for referent in found where seen.insert(ObjectIdentifier(referent)).inserted {
                objects.append(referent)
                from.append(node)
                depth.append(depth[node] + 1)
            }
        }
        return nil
    }

    /// Stops the program with a message that names `function` when `maxDepth` is negative.
    static func checkDepth(_ maxDepth: Int, function: String) {
        if maxDepth < 0 {
            fatalError("ObjectGraph.\(function)(maxDepth: \(maxDepth)): maxDepth must not be negative")
        }
    }
}
