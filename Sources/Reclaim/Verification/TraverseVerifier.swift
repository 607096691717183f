/// Compares the references each object's `traverse(_:)` reports with the strong references its
/// stored properties hold, and collects the mismatches into a ``TraverseReport``.
///
/// Both sides are multisets of object identities: a reference reported more times than it is
/// held is dangerous, one held more times than it is reported may leak.
struct TraverseVerifier {
    private struct IssueKey: Hashable {
        var objectType: ObjectIdentifier
        var typeName: String
        var property: String?
        var kind: TraverseIssue.Kind
        var referencedTypeName: String
        var explanation: String
    }

    /// The heap whose objects are checked: references to objects of other heaps are reported.
    let heapID: UInt32
    private var scanner = StoredReferenceScanner()
    private var typeNames: [ObjectIdentifier: String] = [:]
    private var checkedObjectsByType: [ObjectIdentifier: Int] = [:]
    private var unverifiableTypes: Set<ObjectIdentifier> = []
    private var occurrences: [IssueKey: Int] = [:]
    private var visitedUntracked: Set<ObjectIdentifier> = []

    init(heapID: UInt32) {
        self.heapID = heapID
    }

    /// Checks the `traverse(_:)` of `object`, which must not be deinitializing, and of every
    /// untracked object it holds strongly (directly or through other untracked objects).
    ///
    /// An instance of a class that never overrides `traverse(_:)` is not tracked, so it is not
    /// listed by the heap; but if it holds references, it can still be part of a cycle through
    /// the tracked objects that hold it, which the collector cannot see. Checking what tracked
    /// objects hold finds those classes.
    mutating func check(_ object: GCObject) {
        var pending: [Unmanaged<GCObject>] = []
        checkOne(object, collectingUntrackedInto: &pending)
        while let next = pending.popLast() {
            next._withUnsafeGuaranteedRef { checkOne($0, collectingUntrackedInto: &pending) }
        }
    }

    private mutating func checkOne(_ object: GCObject, collectingUntrackedInto pending: inout [Unmanaged<GCObject>]) {
        let objectType = type(of: object)
        let typeID = ObjectIdentifier(objectType)
        guard !unverifiableTypes.contains(typeID) else { return }
        guard !(object is CustomReflectable), let held = scanner.scan(object, thoroughly: false) else {
            markUnverifiable(objectType)
            return
        }

        var reported: [ObjectIdentifier: (count: Int, type: GCObject.Type)] = [:]
        var otherHeaps: [ObjectIdentifier: GCObject.Type] = [:]
        object.traverse { referent in
            reported[ObjectIdentifier(referent), default: (0, type(of: referent))].count += 1
            let referentHeap = referent.gcHeapID
            if referentHeap != 0, referentHeap != heapID {
                otherHeaps[ObjectIdentifier(referent)] = type(of: referent)
            }
        }

        let typeName = name(of: objectType)
        var issues: Set<IssueKey> = []
        for (target, targetType) in otherHeaps {
            let referencedTypeName = name(of: targetType)
            let paths: [String?] = held.strong[target] ?? [nil]
            for path in paths {
                issues.insert(
                    IssueKey(
                        objectType: typeID,
                        typeName: typeName,
                        property: path,
                        kind: .referencesAnotherHeap,
                        referencedTypeName: referencedTypeName,
                        explanation: """
                            references a \(referencedTypeName) of another heap: a cycle through it is \
                            never collected (create both in one heap: init(sameHeapAs:), init(heap:) or \
                            Heap.withCurrent)
                            """
                    )
                )
            }
        }
        var thoroughScan: StoredReferences?
        for (target, report) in reported {
            let heldPaths = held.strong[target] ?? []
            guard report.count > heldPaths.count else { continue }
            var nonStrong = held.nonStrong[target]
            if nonStrong == nil {
                // Perhaps unowned, or in an `Unmanaged`: look again, reading those too.
                if thoroughScan == nil {
                    guard let scan = scanner.scan(object, thoroughly: true) else {
                        markUnverifiable(objectType)
                        return
                    }
                    thoroughScan = scan
                }
                guard thoroughScan?.manuallyRetained.contains(target) != true else {
                    markUnverifiable(objectType)
                    return
                }
                nonStrong = thoroughScan?.nonStrong[target]
            }
            let referencedTypeName = name(of: report.type)
            let property: String?
            let explanation: String
            if let (path, ownership) = nonStrong?.first {
                property = path
                explanation = Self.reportsNonStrongExplanation(ownership)
            } else if let path = heldPaths.first {
                property = path
                explanation = """
                    traverse reports the same reference more times than the object holds it \
                    (dangerous: a live object could be cleared)
                    """
            } else {
                property = nil
                explanation = """
                    traverse reports a reference to \(referencedTypeName) that no stored property \
                    holds (dangerous: a live object could be cleared)
                    """
            }
            issues.insert(
                IssueKey(
                    objectType: typeID,
                    typeName: typeName,
                    property: property,
                    kind: .reportsReferenceNotHeld,
                    referencedTypeName: referencedTypeName,
                    explanation: explanation
                )
            )
        }
        for (identifier, untracked) in held.untracked where visitedUntracked.insert(identifier).inserted {
            pending.append(untracked)
        }
        for (target, paths) in held.strong {
            let reportedCount = reported[target]?.count ?? 0
            guard reportedCount < paths.count, let targetType = held.types[target] else { continue }
            let referencedTypeName = name(of: targetType)
            for path in paths.dropFirst(reportedCount) {
                issues.insert(
                    IssueKey(
                        objectType: typeID,
                        typeName: typeName,
                        property: path,
                        kind: .missesReference,
                        referencedTypeName: referencedTypeName,
                        explanation: """
                            traverse does not report this reference to \(referencedTypeName) \
                            (a cycle through it can leak)
                            """
                    )
                )
            }
        }
        for issue in issues { occurrences[issue, default: 0] += 1 }
        checkedObjectsByType[typeID, default: 0] += 1
    }

    private mutating func markUnverifiable(_ type: GCObject.Type) {
        unverifiableTypes.insert(ObjectIdentifier(type))
        _ = name(of: type)
    }

    /// The report of every object checked so far. Types found unverifiable on any object are
    /// left out entirely, so the result does not depend on the order objects were checked in.
    func report() -> TraverseReport {
        let issues = occurrences.compactMap { key, count -> TraverseIssue? in
            guard !unverifiableTypes.contains(key.objectType) else { return nil }
            return TraverseIssue(
                typeName: key.typeName,
                property: key.property,
                kind: key.kind,
                referencedTypeName: key.referencedTypeName,
                occurrences: count,
                explanation: key.explanation
            )
        }
        let checkedObjects = checkedObjectsByType.reduce(0) { total, entry in
            unverifiableTypes.contains(entry.key) ? total : total + entry.value
        }
        return TraverseReport(
            checkedObjects: checkedObjects,
            issues: issues.sorted(by: Self.reportOrder),
            unverifiableTypes: Set(unverifiableTypes.compactMap { typeNames[$0] }).sorted()
        )
    }

    /// The order of issues in a report: dangerous first, then by type, property, referenced
    /// type and explanation.
    private static func reportOrder(_ lhs: TraverseIssue, _ rhs: TraverseIssue) -> Bool {
        if lhs.kind.isDangerous != rhs.kind.isDangerous { return lhs.kind.isDangerous }
        return (lhs.typeName, lhs.property ?? "", lhs.referencedTypeName, lhs.explanation)
            < (rhs.typeName, rhs.property ?? "", rhs.referencedTypeName, rhs.explanation)
    }

    private static func reportsNonStrongExplanation(_ ownership: FieldOwnership) -> String {
        let holding =
            switch ownership {
            case .weak: "only weakly"
            default: "only as \(ownership.declaration)"
            }
        return "traverse reports a reference the object holds \(holding) (dangerous: a live object could be cleared)"
    }

    /// The unqualified name of `type`, cached.
    private mutating func name(of type: GCObject.Type) -> String {
        let key = ObjectIdentifier(type)
        if let name = typeNames[key] { return name }
        let name = _typeName(type, qualified: false)
        typeNames[key] = name
        return name
    }
}
