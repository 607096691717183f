import Reclaim

extension CollectionRecorder {
    /// What the trace events say about the nodes, indexed by node.
    private struct Readings {
        var candidate: [Int?]
        /// The retain counts the collector copied, by candidate position.
        var copied: [Int] = []
        var subtracted: [Int] = []
        var references: [(source: Int, target: Int)] = []
        var reachable: [Bool]? = nil
        var refusedCounts: [Int]? = nil
        var weakCleared: [CollectionTraceEvent.ClearedWeakReference]? = nil
        var finalized: [ObjectIdentifier]? = nil
        var resurrection: (garbage: [ObjectIdentifier], counts: [Int], resurrected: [ObjectIdentifier])? = nil
        var cleared: (garbage: [ObjectIdentifier], uncollectable: [ObjectIdentifier])? = nil
        var hiddenCandidates = 0

        /// The retain count the collector read for `node`, or `nil` if it was no candidate.
        func refcount(of node: Int) -> Int? {
            candidate[node].map { copied[$0] }
        }
    }

    /// Turns the recorded events into the phases of the page.
    func record() -> CollectionRecording {
        let readings = read()
        let layout = GraphLayout(description)
        var builder = PhaseBuilder(description: description, readings: readings, recorder: self)
        let phases = builder.phases()
        return CollectionRecording(
            source: description.source,
            nodes: description.nodes.enumerated().map { index, node in
                CollectionRecording.Node(
                    name: node.name,
                    typeName: node.typeName,
                    finalizer: "\(node.finalizer)",
                    x: layout.positions[index].x,
                    y: layout.positions[index].y
                )
            },
            edges: description.references.map { reference in
                let source: Int =
                    switch reference.holder {
                    case .outside: -1
                    case .node(let index): index
                    }
                return CollectionRecording.Edge(source: source, target: reference.target, isWeak: reference.isWeak)
            },
            phases: phases,
            outside: layout.outside,
            width: layout.width,
            height: layout.height,
            collected: collectResult
        )
    }

    private func read() -> Readings {
        let count = description.nodes.count
        var readings = Readings(candidate: [Int?](repeating: nil, count: count))
        for event in events {
            switch event {
            case .countsCopied(let candidates, let counts):
                readings.copied = counts
                for (position, object) in candidates.enumerated() {
                    if let node = nodeIndex(of: object) {
                        readings.candidate[node] = position
                    } else {
                        readings.hiddenCandidates += 1
                    }
                }
            case .internalReferencesSubtracted(let counts, let references):
                readings.subtracted = counts
                readings.references = references
            case .reachableRescued(let reachable):
                readings.reachable = reachable
            case .refused(let counts):
                readings.refusedCounts = counts
            case .weakReferencesCleared(let cleared):
                readings.weakCleared = cleared
            case .finalizersRan(let finalized):
                readings.finalized = finalized
            case .resurrectionChecked(let garbage, let counts, let resurrected):
                readings.resurrection = (garbage, counts, resurrected)
            case .cleared(let garbage, let uncollectable):
                readings.cleared = (garbage, uncollectable)
            case .saved(let garbage):
                readings.cleared = (garbage, garbage)
            }
        }
        return readings
    }

    /// The node an object of the collection is, or `nil` for the `WeakRef` objects.
    func nodeIndex(of object: ObjectIdentifier) -> Int? {
        nodeIndexByObject[object]
    }

    /// The description's reference a cleared `WeakRef` stands for.
    func weakReferenceIndex(of object: ObjectIdentifier) -> Int? {
        weakReferenceIndexByObject[object]
    }

    /// The builder of the phases, one function per phase, each starting from the previous
    /// phase's node and edge states.
    private struct PhaseBuilder {
        let description: GraphDescription
        let readings: Readings
        let recorder: CollectionRecorder
        var nodes: [CollectionRecording.NodeState] = []
        var edges: [String] = []

        init(description: GraphDescription, readings: Readings, recorder: CollectionRecorder) {
            self.description = description
            self.readings = readings
            self.recorder = recorder
        }

        private func name(_ node: Int) -> String { description.nodes[node].name }

        private func names(_ nodes: [Int]) -> String {
            let list = nodes.map(name)
            switch list.count {
            case 0: return "none"
            case 1: return list[0]
            default: return list.dropLast().joined(separator: ", ") + " and " + list[list.count - 1]
            }
        }

        /// `count` and the noun, plural unless the count is 1: "1 object", "3 objects".
        private func counted(_ count: Int, _ noun: String) -> String {
            "\(count) \(noun)\(count == 1 ? "" : "s")"
        }

        private func referenceText(_ index: Int) -> String {
            let reference = description.references[index]
            let holder =
                switch reference.holder {
                case .outside: "outside"
                case .node(let node): name(node)
                }
            return "\(holder) \(reference.isWeak ? "~>" : "->") \(name(reference.target))"
        }

        private var liveNodes: [Int] {
            description.nodes.indices.filter { readings.candidate[$0] != nil }
        }

        private var unreachableNodes: [Int] {
            guard let reachable = readings.reachable else { return [] }
            return liveNodes.filter { !reachable[readings.candidate[$0]!] }
        }

        private func snapshot(_ phase: ExplainPhase, _ title: String, _ summary: String, _ details: [String])
            -> CollectionRecording.Phase
        {
            CollectionRecording.Phase(
                id: phase.rawValue,
                title: title,
                summary: summary,
                details: details,
                nodes: nodes,
                edges: edges
            )
        }

        mutating func phases() -> [CollectionRecording.Phase] {
            [
                graph(), countsCopied(), internalReferencesSubtracted(), reachableRescued(), weakReferencesCleared(),
                finalizers(), resurrection(), clear(),
            ]
        }

        private mutating func graph() -> CollectionRecording.Phase {
            let freedEarly = Set(recorder.freedBeforeCollection)
            nodes = description.nodes.indices.map { node in
                if freedEarly.contains(node) {
                    return .init(status: "freed-early", note: "freed by ARC at once")
                }
                return .init(status: "alive", refcount: readings.refcount(of: node))
            }
            edges = description.references.map { reference in
                if freedEarly.contains(reference.target) { return reference.isWeak ? "cleared" : "dropped" }
                if case .node(let source) = reference.holder, freedEarly.contains(source) {
                    return reference.isWeak ? "cleared" : "dropped"
                }
                return "plain"
            }
            let strong = description.strongReferences
            let roots = strong.filter { $0.holder == .outside }.count
            var details = [
                "\(counted(description.nodes.count, "object")), \(counted(strong.count, "strong reference")) (\(roots) from outside the graph) and \(counted(description.weakReferences.count, "weak reference")).",
                "Each refcount is the object's retain count, read from the Swift runtime just before the collection.",
            ]
            if !freedEarly.isEmpty {
                details.append(
                    "\(names(recorder.freedBeforeCollection)) had no strong reference once the graph was built, so reference counting freed \(freedEarly.count == 1 ? "it" : "them") at once; the collector never sees \(freedEarly.count == 1 ? "it" : "them")."
                )
            }
            for reference in recorder.callbacksBeforeCollection {
                details.append("The weak reference \(referenceText(reference)) was cleared then and its callback ran.")
            }
            return snapshot(
                .graph,
                "The objects before the collection",
                "Reference counting frees an object when its count drops to zero. Objects that refer to each other keep their counts above zero; finding those that nothing else refers to is the cycle collector's job.",
                details
            )
        }

        private mutating func countsCopied() -> CollectionRecording.Phase {
            for node in liveNodes {
                nodes[node] = .init(
                    status: "candidate",
                    refcount: readings.refcount(of: node),
                    working: String(readings.copied[readings.candidate[node]!])
                )
            }
            let counts = liveNodes.map { "\(name($0)) \(readings.copied[readings.candidate[$0]!])" }
            var details = [
                counts.isEmpty
                    ? "No object of the graph is left for the collector."
                    : "Working counts: " + counts.joined(separator: ", ") + "."
            ]
            if readings.hiddenCandidates > 0 {
                details.append(
                    "\(readings.hiddenCandidates) WeakRef object\(readings.hiddenCandidates == 1 ? " is a candidate" : "s are candidates") too (weak references are tracked objects); the page does not draw \(readings.hiddenCandidates == 1 ? "it" : "them")."
                )
            }
            return snapshot(
                .countsCopied,
                "Counts copied from the runtime",
                "The collector reads every tracked object's retain count from the Swift runtime into a working count, as CPython copies ob_refcnt into gc_refs.",
                details
            )
        }

        private mutating func internalReferencesSubtracted() -> CollectionRecording.Phase {
            for node in liveNodes {
                nodes[node].working = String(readings.subtracted[readings.candidate[node]!])
            }
            for (index, reference) in description.references.enumerated() where !reference.isWeak {
                if case .node(let source) = reference.holder, readings.candidate[source] != nil,
                    readings.candidate[reference.target] != nil
                {
                    edges[index] = "counted"
                }
            }
            let outside = liveNodes.filter { readings.subtracted[readings.candidate[$0]!] > 0 }
            let zero = liveNodes.filter { readings.subtracted[readings.candidate[$0]!] == 0 }
            let toWeakRefs = readings.references.filter { !readings.candidate.contains($0.target) }.count
            let details = [
                "The traverse methods reported \(counted(readings.references.count, "reference")) between candidates"
                    + (toWeakRefs > 0 ? " (\(toWeakRefs) to WeakRef objects, not drawn)" : "")
                    + "; each lowered its target's working count by one.",
                "Still above zero, so referenced from outside: "
                    + (outside.isEmpty
                        ? "none."
                        : outside.map { "\(name($0)) \(readings.subtracted[readings.candidate[$0]!])" }.joined(
                            separator: ", "
                        ) + "."),
                "Down to zero: \(names(zero)).",
            ]
            return snapshot(
                .internalSubtracted,
                "Internal references subtracted",
                "Each candidate's traverse reports the objects it holds; every reference to another candidate is subtracted from that candidate's working count. What remains counts references from outside: variables, globals, untracked objects.",
                details
            )
        }

        private mutating func reachableRescued() -> CollectionRecording.Phase {
            let summary =
                "Objects with a working count above zero are referenced from outside: they, and everything they reach, are kept. The rest are unreachable: only other unreachable objects refer to them."
            if let refused = readings.refusedCounts {
                let below = liveNodes.filter { refused[readings.candidate[$0]!] < 0 }
                return snapshot(
                    .reachableRescued,
                    "Collection refused",
                    summary,
                    [
                        "The working counts of \(names(below)) went below zero: a traverse reported a reference that does not exist. The collector keeps every object that the types which reported them reach (one could be in use) and frees only the garbage they cannot reach."
                    ]
                )
            }
            guard let reachable = readings.reachable else {
                return snapshot(
                    .reachableRescued,
                    "Reachable objects rescued",
                    summary,
                    ["There were no candidates."]
                )
            }
            edges = edges.map { $0 == "counted" ? "plain" : $0 }
            var roots: [Int] = []
            var rescued: [Int] = []
            for node in liveNodes {
                let position = readings.candidate[node]!
                let working = readings.subtracted[position]
                if working > 0 {
                    roots.append(node)
                    nodes[node].status = "root"
                    nodes[node].note = "root: held from outside"
                } else if reachable[position] {
                    rescued.append(node)
                    nodes[node].status = "reachable"
                    nodes[node].note = "reachable from a root"
                } else {
                    nodes[node].status = "unreachable"
                    nodes[node].note = "unreachable"
                }
            }
            return snapshot(
                .reachableRescued,
                "Reachable objects rescued",
                summary,
                [
                    "Referenced from outside: \(names(roots)).",
                    "Rescued because a kept object reaches them: \(names(rescued)).",
                    "Unreachable (the garbage): \(names(unreachableNodes)).",
                ]
            )
        }

        private mutating func weakReferencesCleared() -> CollectionRecording.Phase {
            var details: [String] = []
            if let cleared = readings.weakCleared {
                for entry in cleared {
                    guard let reference = recorder.weakReferenceIndex(of: entry.reference) else { continue }
                    edges[reference] = "cleared"
                    if entry.referent == nil {
                        details.append(
                            "\(referenceText(reference)) is garbage itself: cleared without running its callback."
                        )
                    } else if entry.callbackRuns {
                        details.append("\(referenceText(reference)) cleared; its callback runs.")
                    } else {
                        details.append(
                            "\(referenceText(reference)) cleared; it has no callback to run."
                        )
                    }
                }
            }
            if details.isEmpty {
                details.append(
                    readings.weakCleared == nil
                        ? "Nothing is unreachable, so nothing happens in this phase."
                        : "No weak reference points into the garbage."
                )
            }
            return snapshot(
                .weakCleared,
                "Weak references cleared",
                "Before any finalizer runs, every weak reference to an unreachable object is cleared, so no code can reach the garbage through one. Callbacks run for the weak references that are not garbage themselves.",
                details
            )
        }

        private mutating func finalizers() -> CollectionRecording.Phase {
            var details: [String] = []
            for object in readings.finalized ?? [] {
                guard let node = recorder.nodeIndex(of: object) else { continue }
                nodes[node].status = "finalized"
                nodes[node].note = "finalize() ran"
                let resurrects = description.nodes[node].finalizer == .resurrects
                details.append(
                    "\(name(node)): finalize() ran" + (resurrects ? " and stored \(name(node)) in a global list." : ".")
                )
            }
            if details.isEmpty {
                details.append(
                    readings.finalized == nil
                        ? "Nothing is unreachable, so nothing happens in this phase."
                        : "No unreachable object has a finalizer."
                )
            }
            return snapshot(
                .finalizers,
                "Finalizers run",
                "finalize() runs once on every unreachable object whose class has one, while the group is still intact, so a finalizer can still use the objects it refers to.",
                details
            )
        }

        private mutating func resurrection() -> CollectionRecording.Phase {
            let summary =
                "A finalizer or a callback may have stored garbage somewhere reachable. The collector counts the garbage again: objects referenced from outside now, and everything they reach, survive (resurrection) and move to the oldest generation."
            guard let check = readings.resurrection else {
                let detail =
                    readings.finalized == nil
                    ? "Nothing is unreachable, so nothing happens in this phase."
                    : "Skipped: no finalizer or callback ran, so nothing can have changed."
                return snapshot(.resurrection, "Resurrection check", summary, [detail])
            }
            let resurrected = Set(check.resurrected)
            var outside: [Int] = []
            var reached: [Int] = []
            for (position, object) in check.garbage.enumerated() {
                guard let node = recorder.nodeIndex(of: object) else { continue }
                nodes[node].working = String(check.counts[position])
                if resurrected.contains(object) {
                    nodes[node].status = "resurrected"
                    if check.counts[position] > 0 {
                        outside.append(node)
                        nodes[node].note = "resurrected: held again"
                    } else {
                        reached.append(node)
                        nodes[node].note = "resurrected: reached"
                    }
                }
            }
            var details = [
                "Working counts of the garbage: "
                    + check.garbage.enumerated().compactMap { position, object in
                        recorder.nodeIndex(of: object).map { "\(name($0)) \(check.counts[position])" }
                    }.joined(separator: ", ") + "."
            ]
            if resurrected.isEmpty {
                details.append("Nothing was resurrected.")
            } else {
                details.append("Referenced from outside again: \(names(outside)).")
                if !reached.isEmpty { details.append("Reached from those, so resurrected too: \(names(reached)).") }
            }
            return snapshot(.resurrection, "Resurrection check", summary, details)
        }

        private mutating func clear() -> CollectionRecording.Phase {
            var details: [String] = []
            if let cleared = readings.cleared {
                let uncollectable = Set(cleared.uncollectable)
                let freed = Set(recorder.freedDuringCollection)
                var clearedNodes: [Int] = []
                for object in cleared.garbage {
                    guard let node = recorder.nodeIndex(of: object) else { continue }
                    clearedNodes.append(node)
                    if uncollectable.contains(object) {
                        nodes[node].status = "uncollectable"
                        nodes[node].note = "uncollectable"
                    } else if freed.contains(node) {
                        nodes[node].status = "freed"
                        nodes[node].note = "cleared; freed by ARC"
                        nodes[node].working = nil
                    }
                }
                for (index, reference) in description.references.enumerated() {
                    if case .node(let source) = reference.holder, clearedNodes.contains(source) {
                        edges[index] = reference.isWeak ? "cleared" : "dropped"
                    }
                }
                if clearedNodes.isEmpty {
                    details.append("Nothing of the graph is left to clear: what was unreachable was resurrected.")
                } else {
                    details.append(
                        "clear() ran on \(names(clearedNodes)), dropping their references; ARC freed \(names(clearedNodes.filter { freed.contains($0) }))."
                    )
                }
                if !uncollectable.isEmpty {
                    details.append(
                        "Still referenced after clear(), kept in heap.garbage: \(names(clearedNodes.filter { nodes[$0].status == "uncollectable" }))."
                    )
                }
            } else {
                details.append("Nothing is left to clear.")
            }
            let survivors = liveNodes.filter { ["root", "reachable", "resurrected"].contains(nodes[$0].status) }
            let hidden = (readings.cleared?.garbage ?? []).filter { recorder.nodeIndex(of: $0) == nil }.count
            details.append(
                "collect() returned \(recorder.collectResult): the unreachable objects it found, resurrected ones not counted"
                    + (hidden > 0 ? ", \(hidden) of them WeakRef objects the page does not draw." : ".")
            )
            details.append("Alive after the collection: \(names(survivors)).")
            return snapshot(
                .clear,
                "Garbage cleared",
                "clear() runs on every object still unreachable, dropping its references; ARC then frees the whole group. An object still referenced after its clear() is uncollectable: Reclaim keeps it in heap.garbage (CPython moves it back to the oldest generation).",
                details
            )
        }
    }
}
