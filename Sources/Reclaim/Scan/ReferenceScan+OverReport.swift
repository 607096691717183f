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
/// reported a reference to it. A bug in reporting belongs to code, so the scan distrusts
/// *kinds* (the classes of candidates, the container types of storage nodes) and, with them,
/// every kind whose reporting code overlaps theirs as far as types can tell (a shared
/// superclass, a `Traceable` value type both store: see `ReportingCode`).
///
/// 1. Every kind with a member that reported a reference to a node whose count is negative is
///    distrusted, with every kind that shares reporting code with a distrusted kind, and every
///    reference their members reported is given back (added to its target's count again), as
///    if those members were outside the scanned set. Giving back only raises counts. Repeat
///    while a count is negative: it ends, because each round distrusts at least one more
///    kind.
/// 2. A count is now the retain count less the references reported by trusted kinds. If the
///    trusted kinds report only references that exist, no count is below the number of
///    references from outside the trusted part of the set: the marking below finds every
///    object reachable from outside it.
/// 3. Whatever a distrusted node reaches is held back as well: its own references may be
///    missing from its report or made up, and a made-up reference from it is exactly what may
///    have hidden an outside reference to what it reaches.
///
/// So the objects freed are those that the trusted kinds prove unreachable and that no
/// distrusted object reaches. The assumption in step 2 is the one every collection makes about
/// every `traverse`, narrowed by what the over-report revealed: it covers a lie in the
/// distrusted classes, in their superclasses and in value types they store. It does not cover
/// a lie in code that shares nothing visible with them (a helper function two unrelated
/// classes call), which, like any lie that lands exactly on zero, no count can reveal.
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
        var code = ReportingCodeIndex(scan: self, kinds: kinds)
        while hasOverReport() {
            var evidence: Set<ObjectIdentifier> = []
            forEachReference { source, target in
                if refs[target] < 0, !distrusted.contains(kinds[source]) {
                    evidence.insert(kinds[source])
                }
            }
            guard !evidence.isEmpty else { break }
            let newlyDistrusted = code.kindsSharingCode(with: evidence, besides: distrusted)
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

/// The reporting code of every kind of node in one scan, computed on first use (see
/// `ReportingCode`), and which kinds share code with a set of distrusted ones.
private struct ReportingCodeIndex {
    /// A node of each kind, for reflecting an instance: a traversed one where the kind has
    /// one (an untraversed candidate may be deinitializing, or in the middle of a write, and
    /// must not be read), else an untraversed one, whose class alone is then looked at.
    private var sample: [ObjectIdentifier: Int] = [:]
    private var signatures: [ObjectIdentifier: Set<ObjectIdentifier>] = [:]
    /// The code of the kinds distrusted so far.
    private var distrustedCode: Set<ObjectIdentifier> = []
    private let scan: ReferenceScan

    init(scan: ReferenceScan, kinds: [ObjectIdentifier]) {
        self.scan = scan
        let untraversed = Set(scan.untraversed)
        for (node, kind) in kinds.enumerated() {
            if let chosen = sample[kind], !untraversed.contains(chosen) { continue }
            if sample[kind] == nil || !untraversed.contains(node) { sample[kind] = node }
        }
        self.untraversed = untraversed
    }

    /// The candidates the scan did not traverse.
    private let untraversed: Set<Int>

    private mutating func signature(of kind: ObjectIdentifier) -> Set<ObjectIdentifier> {
        if let known = signatures[kind] { return known }
        let node = sample[kind] ?? 0
        let computed =
            node < scan.candidateCount
            ? Unmanaged<GCObject>.fromOpaque(scan.address(of: node))._withUnsafeGuaranteedRef {
                ReportingCode.signature(of: $0, reflectingStoredValues: !untraversed.contains(node))
            }
            : ReportingCode.signature(ofContainer: scan.storages[node - scan.candidateCount].containerType)
        signatures[kind] = computed
        return computed
    }

    /// `evidence` and every kind of the scan that shares reporting code with it or with the
    /// kinds distrusted before (`distrusted`), transitively; without the ones in `distrusted`.
    mutating func kindsSharingCode(
        with evidence: Set<ObjectIdentifier>,
        besides distrusted: Set<ObjectIdentifier>
    ) -> Set<ObjectIdentifier> {
        var added = evidence.subtracting(distrusted)
        for kind in added { distrustedCode.formUnion(signature(of: kind)) }
        var changed = true
        while changed {
            changed = false
            for kind in sample.keys where !distrusted.contains(kind) && !added.contains(kind) {
                if !signature(of: kind).isDisjoint(with: distrustedCode) {
                    added.insert(kind)
                    distrustedCode.formUnion(signature(of: kind))
                    changed = true
                }
            }
        }
        return added
    }
}
