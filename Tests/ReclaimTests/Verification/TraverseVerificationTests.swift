import Reclaim
import Testing

/// `Heap.verify()` catches each kind of mistake a hand-written `traverse` can make, names the
/// property, and stays quiet on correct classes.
@Suite struct TraverseVerificationTests {
    /// The fields of an issue that tests compare (the explanation is checked separately).
    struct Summary: Equatable, CustomStringConvertible {
        var kind: TraverseIssue.Kind
        var typeName: String
        var property: String?
        var referencedTypeName: String
        var occurrences: Int

        init(
            _ kind: TraverseIssue.Kind,
            _ typeName: String,
            _ property: String?,
            _ referencedTypeName: String,
            occurrences: Int = 1
        ) {
            self.kind = kind
            self.typeName = typeName
            self.property = property
            self.referencedTypeName = referencedTypeName
            self.occurrences = occurrences
        }

        init(_ issue: TraverseIssue) {
            self.init(
                issue.kind,
                issue.typeName,
                issue.property,
                issue.referencedTypeName,
                occurrences: issue.occurrences
            )
        }

        var description: String {
            "\(kind) \(typeName).\(property ?? "-") → \(referencedTypeName) ×\(occurrences)"
        }
    }

    // MARK: - Reporting references not held (dangerous)

    @Test func reportingAWeakPropertyIsDangerous() {
        let heap = Heap()
        let parent = LinkNode(heap: heap)
        let children = (0..<3).map { _ in ReportsWeakParentNode(heap: heap) }
        for child in children { child.parent = parent }

        let report = heap.verify()
        #expect(
            report.issues.map(Summary.init) == [
                Summary(.reportsReferenceNotHeld, "ReportsWeakParentNode", "parent", "LinkNode", occurrences: 3)
            ]
        )
        #expect(report.checkedObjects == 4)
        #expect(!report.isClean)
        #expect(report.dangerousIssues == report.issues)
        #expect(report.issues.first?.kind.isDangerous == true)
        #expect(
            report.description == """
                Checked 4 objects: 1 issue, 1 dangerous.
                ReportsWeakParentNode.parent: traverse reports a reference the object holds only weakly \
                (dangerous: a live object could be cleared) — 3 objects
                """
        )
        withExtendedLifetime((parent, children)) {}
    }

    @Test func reportingAnUnownedPropertyIsDangerous() {
        let heap = Heap()
        let owner = LinkNode(heap: heap)
        let node = ReportsUnownedOwnerNode(owner: owner, heap: heap)

        let report = heap.verify()
        #expect(
            report.issues.map(Summary.init) == [
                Summary(.reportsReferenceNotHeld, "ReportsUnownedOwnerNode", "owner", "LinkNode")
            ]
        )
        #expect(report.issues.first?.explanation.contains("holds only as unowned (dangerous") == true)
        withExtendedLifetime((owner, node)) {}
    }

    @Test func reportingAnUnownedUnsafePropertyIsDangerous() {
        let heap = Heap()
        let owner = LinkNode(heap: heap)
        let node = ReportsUnsafeOwnerNode(owner: owner, heap: heap)

        let report = heap.verify()
        #expect(
            report.issues.map(Summary.init) == [
                Summary(.reportsReferenceNotHeld, "ReportsUnsafeOwnerNode", "owner", "LinkNode")
            ]
        )
        #expect(report.issues.first?.explanation.contains("holds only as unowned(unsafe)") == true)
        withExtendedLifetime((owner, node)) {}
    }

    @Test func reportingTheSameChildTwiceIsDangerous() {
        let heap = Heap()
        let child = LinkNode(heap: heap)
        let node = OverReportingNode(heap: heap)
        node.next = child

        let report = heap.verify()
        #expect(
            report.issues.map(Summary.init) == [
                Summary(.reportsReferenceNotHeld, "OverReportingNode", "next", "LinkNode")
            ]
        )
        #expect(report.issues.first?.explanation.contains("more times than the object holds it") == true)
        withExtendedLifetime((child, node)) {}
    }

    @Test func reportingAnObjectNoPropertyHoldsIsDangerous() {
        let heap = Heap()
        let node = ReportsGlobalNode(heap: heap)
        node.next = LinkNode(heap: heap)

        let report = heap.verify()
        #expect(
            report.issues.map(Summary.init) == [Summary(.reportsReferenceNotHeld, "ReportsGlobalNode", nil, "LinkNode")]
        )
        #expect(
            report.issues.first?.description == """
                ReportsGlobalNode: traverse reports a reference to LinkNode that no stored property holds \
                (dangerous: a live object could be cleared) — 1 object
                """
        )
        withExtendedLifetime(node) {}
    }

    // MARK: - Missing references (leaks)

    @Test func forgettingAnOptionalPropertyLeaks() {
        let heap = Heap()
        let node = ForgetsOptionalNode(heap: heap)
        node.first = LinkNode(heap: heap)
        node.second = LinkNode(heap: heap)

        let report = heap.verify()
        #expect(
            report.issues.map(Summary.init) == [Summary(.missesReference, "ForgetsOptionalNode", "second", "LinkNode")]
        )
        #expect(report.dangerousIssues.isEmpty)
        #expect(report.issues.first?.kind.isDangerous == false)
        withExtendedLifetime(node) {}
    }

    @Test func forgettingArrayElementsIsOneIssuePerObject() {
        let heap = Heap()
        let nodes = (0..<2).map { _ in ForgetsArrayNode(heap: heap) }
        for node in nodes { node.children = (0..<3).map { _ in LinkNode(heap: heap) } }

        let report = heap.verify()
        #expect(
            report.issues.map(Summary.init) == [
                Summary(.missesReference, "ForgetsArrayNode", "children[]", "LinkNode", occurrences: 2)
            ]
        )
        #expect(report.checkedObjects == 8)
        #expect(
            report.description == """
                Checked 8 objects: 1 issue, 0 dangerous.
                ForgetsArrayNode.children[]: traverse does not report this reference to LinkNode \
                (a cycle through it can leak) — 2 objects
                """
        )
        withExtendedLifetime(nodes) {}
    }

    @Test func forgettingDictionaryKeysAndValuesLeaks() {
        let heap = Heap()
        let node = ForgetsDictionaryNode(heap: heap)
        node.byName["a"] = LinkNode(heap: heap)
        node.byNode[HashableNode(heap: heap)] = LinkNode(heap: heap)

        let report = heap.verify()
        #expect(
            report.issues.map(Summary.init) == [
                Summary(.missesReference, "ForgetsDictionaryNode", "byName[].value", "LinkNode"),
                Summary(.missesReference, "ForgetsDictionaryNode", "byNode[].key", "HashableNode"),
            ]
        )
        withExtendedLifetime(node) {}
    }

    @Test func forgettingAReferenceInsideAStructLeaks() {
        let heap = Heap()
        let first = LinkNode(heap: heap)
        let observer = LinkNode(heap: heap)
        let node = ForgetsStructFieldNode(pair: NodePair(first: first, second: LinkNode(heap: heap)), heap: heap)
        node.pair.observer = observer

        let report = heap.verify()
        #expect(
            report.issues.map(Summary.init) == [
                Summary(.missesReference, "ForgetsStructFieldNode", "pair.second", "LinkNode")
            ]
        )
        withExtendedLifetime((first, observer, node)) {}
    }

    @Test func forgettingASuperclassPropertyLeaks() {
        let heap = Heap()
        let node = ForgetsSuperclassNode(heap: heap)
        node.base = LinkNode(heap: heap)
        node.extra = LinkNode(heap: heap)

        let report = heap.verify()
        #expect(
            report.issues.map(Summary.init) == [Summary(.missesReference, "ForgetsSuperclassNode", "base", "LinkNode")]
        )
        withExtendedLifetime(node) {}
    }

    @Test func forgettingAnEnumPayloadLeaks() {
        let heap = Heap()
        let single = ForgetsEnumPayloadNode(heap: heap)
        single.slot = .single(LinkNode(heap: heap))
        let labeled = ForgetsEnumPayloadNode(heap: heap)
        labeled.slot = .labeled(LinkNode(heap: heap), label: "x")
        let empty = ForgetsEnumPayloadNode(heap: heap)

        let report = heap.verify()
        #expect(
            report.issues.map(Summary.init) == [
                Summary(.missesReference, "ForgetsEnumPayloadNode", "slot.labeled.0", "LinkNode"),
                Summary(.missesReference, "ForgetsEnumPayloadNode", "slot.single", "LinkNode"),
            ]
        )
        withExtendedLifetime((single, labeled, empty)) {}
    }

    @Test func dangerousIssuesComeFirst() {
        let heap = Heap()
        let parent = LinkNode(heap: heap)
        let forgetful = ForgetsOptionalNode(heap: heap)
        forgetful.second = parent
        let reporting = ReportsWeakParentNode(heap: heap)
        reporting.parent = parent

        let report = heap.verify()
        #expect(report.issues.map(\.kind) == [.reportsReferenceNotHeld, .missesReference])
        #expect(report.dangerousIssues.map(\.typeName) == ["ReportsWeakParentNode"])
        withExtendedLifetime((forgetful, reporting)) {}
    }

    // MARK: - No false alarms

    @Test func correctClassesAreNotFlagged() {
        let heap = Heap()
        func node() -> LinkNode { LinkNode(heap: heap) }
        let owner = node()
        let keys = (0..<2).map { _ in HashableNode(heap: heap) }
        let wellBehaved = WellBehavedNode(
            fixed: node(),
            pair: NodePair(first: node(), second: node(), observer: owner),
            owner: owner,
            heap: heap
        )
        wellBehaved.optional = node()
        wellBehaved.array = [node(), node()]
        wellBehaved.contiguous = [node()]
        wellBehaved.set = [HashableNode(heap: heap)]
        wellBehaved.table = [keys[0]: node(), keys[1]: node()]
        wellBehaved.grid = [[node(), node()], [], [node()]]
        wellBehaved.slot = .labeled(node(), label: "x")
        wellBehaved.tuple = (node(), count: 1)
        wellBehaved.cached = node()
        wellBehaved.parent = owner
        wellBehaved.plain = PlainHolder(nodes: [owner, node()])
        wellBehaved.numbers = Array(repeating: 1, count: 100_000)
        wellBehaved.onEvent = { [owner] in _ = owner }
        wellBehaved.existential = node()
        wellBehaved.array[0].next = wellBehaved.array[1]

        let leaf = ChainLeaf(heap: heap)
        leaf.a = node()
        leaf.b = [node(), node()]
        leaf.c = node()
        leaf.back = leaf

        let nodeBox = GenericBox(node(), heap: heap)
        let intBox = GenericBox(42, heap: heap)
        let weakRef = WeakRef(owner)
        let callbackRef = WeakRef(wellBehaved) { _ in }

        let report = heap.verify()
        #expect(report.isClean, "\(report)")
        #expect(report.unverifiableTypes.isEmpty)
        // Plus the three `HashableNode`s: untracked (their class has no traverse), checked
        // because tracked objects hold them.
        #expect(report.checkedObjects == heap.objects().count + 3)
        #expect(
            report.description
                == "Checked \(report.checkedObjects) objects: every traverse reports exactly the references its object holds."
        )
        withExtendedLifetime((wellBehaved, leaf, nodeBox, intBox, weakRef, callbackRef)) {}
    }

    @Test func anUntrackedClassThatHoldsReferencesIsFoundThroughItsHolders() {
        let heap = Heap()
        let holder = LinkNode(heap: heap)
        let untracked = UntrackedHolderNode(heap: heap)
        #expect(!heap.isTracked(untracked))
        untracked.next = holder
        let box = GenericBox(untracked, heap: heap)
        let report = heap.verify()
        #expect(
            report.issues.map(Summary.init) == [Summary(.missesReference, "UntrackedHolderNode", "next", "LinkNode")]
        )
        #expect(report.checkedObjects == 3)
        withExtendedLifetime((holder, box)) {}
    }

    @Test func theLazyStorageOfAPropertyIsNamedAfterTheProperty() {
        final class ForgetsLazyNode: GCObject {
            lazy var cached: LinkNode? = nil
            override func traverse(_ visit: (GCObject) -> Void) {}
        }
        let heap = Heap()
        let node = ForgetsLazyNode(heap: heap)
        node.cached = LinkNode(heap: heap)

        let report = heap.verify()
        #expect(report.issues.map(\.property) == ["cached"])
        withExtendedLifetime(node) {}
    }

    @Test func classesThatHideTheirStorageAreNotChecked() {
        let heap = Heap()
        let custom = CustomMirrorNode(heap: heap)
        custom.next = LinkNode(heap: heap)
        let hiding = HoldsMirrorHidingPairNode(heap: heap)
        hiding.pair.node = LinkNode(heap: heap)
        let hidingNothing = HoldsMirrorHidingPairNode(heap: heap)
        let manual = ManuallyRetainingNode(heap: heap)
        manual.next = LinkNode(heap: heap)

        let report = heap.verify()
        #expect(report.isClean)
        #expect(report.unverifiableTypes == ["CustomMirrorNode", "HoldsMirrorHidingPairNode", "ManuallyRetainingNode"])
        #expect(report.checkedObjects == 3)
        #expect(
            report.description.hasSuffix(
                "Not checked (ownership not visible to reflection): "
                    + "CustomMirrorNode, HoldsMirrorHidingPairNode, ManuallyRetainingNode."
            )
        )
        withExtendedLifetime((custom, hiding, hidingNothing, manual)) {}
    }

    @Test func frozenObjectsAreChecked() {
        let heap = Heap()
        let node = ForgetsOptionalNode(heap: heap)
        node.second = LinkNode(heap: heap)
        heap.freeze()

        let report = heap.verify()
        #expect(
            report.issues.map(Summary.init) == [Summary(.missesReference, "ForgetsOptionalNode", "second", "LinkNode")]
        )
        withExtendedLifetime(node) {}
    }

    @Test func objectsBeingDeinitializedAreSkipped() {
        let heap = Heap()
        var checkedDuringDeinit: Int?
        do {
            let dying = StubbornNode(heap: heap)
            dying.next = LinkNode(heap: heap)
            dying.onDeinit = { checkedDuringDeinit = heap.verify().checkedObjects }
        }
        #expect(checkedDuringDeinit == 1, "only the LinkNode: the dying node must not be retained")
    }

    @Test func theDefaultHeapIsVerifiedThroughGC() {
        onFreshThread {
            let parent = LinkNode()
            let child = ReportsWeakParentNode()
            child.parent = parent
            let report = GC.verify()
            #expect(
                report.issues.map(Summary.init) == [
                    Summary(.reportsReferenceNotHeld, "ReportsWeakParentNode", "parent", "LinkNode")
                ]
            )
            withExtendedLifetime((parent, child)) {}
        }
    }

    @Test func verifyingDuringACollectionStopsWithAMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let heap = Heap()
            do {
                let node = HookNode(heap: heap)
                node.next = node
                node.onClear = { _ = heap.verify() }
            }
            heap.collect()
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("verify() was called while the heap was being collected"))
    }

    final class ForgetfulListener: GCObject {
        var onEvent: (() -> Void)?

        override func traverse(_ visit: (GCObject) -> Void) {}
    }

    @Test func whatAClosureCapturesIsCheckedToo() {
        let heap = Heap()
        heap.disable()
        let listener = ForgetfulListener(heap: heap)
        let other = LinkNode(heap: heap)
        let attempt = 1
        listener.onEvent = { _ = (other, attempt) }
        let report = heap.verify()
        #expect(
            report.issues.map(\.description) == [
                "ForgetfulListener.onEvent: traverse does not report this reference to LinkNode (a cycle through it can leak) — 1 object"
            ]
        )
        listener.onEvent = nil
    }

}
