import ReclaimMacros

extension TracedGraphWorld {
    /// Every difference between the real objects and the model: which vertices are alive,
    /// what `heap.garbage` holds, each live vertex's strong references (read from its
    /// properties), what its `traverse` reports, its `weak` and `unowned` references, whether
    /// it is tracked, and which `DeinitNode`s ran their `deinit`. `reachable` is what the
    /// program could reach before the last collection: a difference there means the collector
    /// cleared or freed something in use.
    func problems(reachable: Set<Int> = []) -> [String] {
        var problems: [String] = []
        let actualAlive = Set(registry.indices.filter { registry[$0].object != nil })
        if actualAlive != model.alive {
            let early = model.alive.subtracting(actualAlive).sorted()
            let late = actualAlive.subtracting(model.alive).sorted()
            problems.append(
                "freed although the model keeps them: \(early); alive although the model frees them: \(late)"
            )
            if !reachable.isDisjoint(with: early) {
                problems.append("FREED REACHABLE vertices \(reachable.intersection(early).sorted())")
            }
        }
        let saved = heap.garbage.map { vertexID(of: $0) }.sorted()
        if saved != model.savedGarbage.sorted() {
            problems.append("heap.garbage holds \(saved), model \(model.savedGarbage.sorted())")
        }
        for id in actualAlive.intersection(model.alive).sorted() {
            guard let object = registry[id].object, let vertex = object as? any OracleVertex else { continue }
            if heap.isTracked(object) != model.kinds[id].isTracked {
                problems.append("vertex \(id) (\(model.kinds[id])): isTracked is \(heap.isTracked(object))")
            }
            let strong = vertex.strongEdges().sorted()
            if strong != model.strongEdges(of: id) {
                let what = reachable.contains(id) ? "CLEARED OR CHANGED REACHABLE vertex" : "vertex"
                problems.append(
                    "\(what) \(id) (\(model.kinds[id])) holds \(strong), model \(model.strongEdges(of: id))"
                )
            }
            let reported = heap.referents(of: object).map { vertexID(of: $0) }.sorted()
            if reported != model.tracedTargets(of: id) {
                problems.append(
                    "traverse of \(id) (\(model.kinds[id])) reports \(reported), model \(model.tracedTargets(of: id))"
                )
            }
            for edge in model.weakEdges(of: id) {
                if registry[edge.target].object != nil {
                    // Alive, so even an unowned reference can be read.
                    if vertex.weakTarget(of: edge.slot) != edge.target {
                        problems.append(
                            "vertex \(id): \(edge.slot) reads \(String(describing: vertex.weakTarget(of: edge.slot))), model \(edge.target)"
                        )
                    }
                } else if edge.slot == .weakPeer, vertex.weakTarget(of: .weakPeer) != nil {
                    problems.append("vertex \(id): weak reference to freed vertex \(edge.target) is not nil")
                }
            }
        }
        for id in model.kinds.indices where model.kinds[id] == .deinitializing {
            if journal.deinitialized.contains(id) != (registry[id].object == nil) {
                problems.append(
                    "DeinitNode \(id): deinit ran \(journal.deinitialized.contains(id)), alive \(registry[id].object != nil)"
                )
            }
        }
        return problems
    }

    /// The number of vertices ever created (some fresh nodes come from the teardown).
    var vertexCount: Int { registry.count }
}
