/// What a scan does when some `traverse(_:)` reported references that do not exist.
///
/// A working count below zero proves that some node was reported more often than it is
/// referenced. The references involved cannot be told apart from real ones, so every count
/// they lowered is in doubt, and with it whether the objects behind those counts are really
/// unreachable. Everything else is not: the scan keeps what the lie could affect and frees
/// the rest, so one bad `traverse` does not stop collection of the whole heap.
///
/// The argument, written for candidates and storage nodes alike. Call a *reporter* of a node
/// anything whose `traverse` (or, for a storage node, whose elements' `traceReferences`)
/// reported a reference to it. A bug in reporting belongs to the code of a type, so the scan
/// distrusts *kinds*: the classes of candidates and the container types of storage nodes.
///
/// 1. Every kind with a member that reported a reference to a node whose count is negative is
///    distrusted, and every reference its members reported is given back (added to its
///    target's count again), as if those members were outside the scanned set. Giving back
///    only raises counts. Repeat while a count is negative: it ends, because each round
///    distrusts at least one more kind and a count that no distrusted kind lowered is at
///    least as high as the references the trusted kinds report.
/// 2. A count is now the retain count less the references reported by trusted kinds. If the
///    trusted kinds report only references that exist (the assumption every collection
///    makes about every `traverse`), no count is below the number of references from outside
///    the trusted part of the set: the marking below finds every object reachable from
///    outside it.
/// 3. Whatever a distrusted node reaches is held back as well: its own references may be
///    missing from its report or made up, and a made-up reference from it is exactly what may
///    have hidden an outside reference to what it reaches.
///
/// So the objects freed are those that the trusted kinds prove unreachable and that no
/// distrusted object reaches: the same guarantee as any collection, for every object the
/// over-reporting code cannot touch. The rest is kept, and reported.
struct OverReport {
    /// The over-reported nodes, grouped by type, with the types that reported them.
    var suspects: [TraverseSuspect]
    /// The kinds distrusted (see above).
    var distrustedKinds: Set<ObjectIdentifier>
    /// The candidates that would have been garbage but were kept because a distrusted node
    /// reaches them, and the candidates of distrusted kinds themselves.
    var heldBack: [Int]
    /// The names of the distrusted kinds, sorted.
    var distrustedTypeNames: [String]
}

extension ReferenceScan {
    /// What groups a node with others whose references are reported by the same code: the
    /// dynamic class of a candidate, the container type of a storage node.
    func kind(of node: Int) -> ObjectIdentifier {
        if node < candidateCount {
            return Unmanaged<GCObject>.fromOpaque(address(of: node))._withUnsafeGuaranteedRef {
                ObjectIdentifier(type(of: $0))
            }
        }
        return ObjectIdentifier(storages[node - candidateCount].containerType)
    }

    /// The name of a node's type for messages.
    func typeName(of node: Int) -> String {
        if node < candidateCount {
            return Unmanaged<GCObject>.fromOpaque(address(of: node))._withUnsafeGuaranteedRef {
                _typeName(type(of: $0), qualified: false)
            }
        }
        return storages[node - candidateCount].description
    }

    /// Calls `body` with the source and target node of every recorded reference.
    func forEachReference(_ body: (_ source: Int, _ target: Int) -> Void) {
        for source in 0..<candidateCount {
            for edge in Int(edgeStarts[source])..<Int(edgeStarts[source + 1]) {
                body(source, Int(edges[edge]))
            }
        }
        for reference in storageEdges {
            body(Int(reference.source), Int(reference.target))
        }
    }

    /// The nodes whose working count is below zero, grouped by type name, with the types of the
    /// nodes that reported them.
    func suspects() -> [TraverseSuspect] {
        var reporters: [Int: Set<String>] = [:]
        for node in 0..<nodeCount where refs[node] < 0 {
            reporters[node] = []
        }
        forEachReference { source, target in
            if reporters[target] != nil { reporters[target]?.insert(typeName(of: source)) }
        }
        var grouped: [String: (reporters: Set<String>, excess: Int)] = [:]
        for (target, types) in reporters {
            let name = typeName(of: target)
            grouped[name, default: ([], 0)].reporters.formUnion(types)
            grouped[name, default: ([], 0)].excess += Int(-refs[target])
        }
        return grouped.map { name, entry in
            TraverseSuspect(referencedTypeName: name, referrerTypeNames: entry.reporters.sorted(), excess: entry.excess)
        }
        .sorted { $0.referencedTypeName < $1.referencedTypeName }
    }

    /// Contains an over-report (see ``OverReport``): distrusts the kinds that reported the
    /// over-reported nodes, gives their references back, and marks every node that is
    /// reachable from outside or from a distrusted node (-1). Call instead of
    /// ``markReachable()`` when ``hasOverReport()``.
    ///
    /// - Returns: What was found and held back; the candidates left unmarked are the garbage
    ///   that can be freed.
    func containOverReport() -> OverReport {
        let suspects = suspects()
        let kinds = (0..<nodeCount).map { kind(of: $0) }
        // Counts before anything is given back: a count above zero there proves a reference
        // from outside whatever the over-report (lying only lowers counts).
        let provenCounts = Array(UnsafeBufferPointer(start: refs, count: nodeCount))
        var distrusted: Set<ObjectIdentifier> = []
        while hasOverReport() {
            var newlyDistrusted: Set<ObjectIdentifier> = []
            forEachReference { source, target in
                if refs[target] < 0, !distrusted.contains(kinds[source]) {
                    newlyDistrusted.insert(kinds[source])
                }
            }
            guard !newlyDistrusted.isEmpty else { break }
            distrusted.formUnion(newlyDistrusted)
            let counts = refs
            forEachReference { source, target in
                if newlyDistrusted.contains(kinds[source]) { counts[target] &+= 1 }
            }
        }
        // A negative count left (which the loop rules out) counts as referenced from outside.
        for node in 0..<nodeCount where refs[node] < 0 {
            refs[node] = 1
        }
        let givenBackCounts = Array(UnsafeBufferPointer(start: refs, count: nodeCount))
        // What is certainly in use, then what is kept because of the over-report: references
        // given back, and everything the distrusted nodes reach.
        _ = mark { provenCounts[$0] > 0 }
        let unprovenCandidates = (0..<candidateCount).filter { refs[$0] != -1 }
        _ = mark { givenBackCounts[$0] > 0 || distrusted.contains(kinds[$0]) }
        let heldBack = unprovenCandidates.filter { refs[$0] == -1 }
        var names: Set<String> = []
        for node in 0..<nodeCount where distrusted.contains(kinds[node]) {
            names.insert(typeName(of: node))
        }
        return OverReport(
            suspects: suspects,
            distrustedKinds: distrusted,
            heldBack: heldBack,
            distrustedTypeNames: names.sorted()
        )
    }
}
