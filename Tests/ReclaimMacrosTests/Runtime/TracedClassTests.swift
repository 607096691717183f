import ReclaimMacros
import Testing

/// Generated `traverse` and `clear` at run time: what they report and drop, and cycles
/// through every kind of property being collected.
@Suite struct TracedClassTests {
    @Test func traverseReportsEveryStrongReferenceOnceAndNothingElse() {
        let heap = Heap()
        let leaf = ListNode(heap: heap)
        let other = ListNode(heap: heap)
        let sink = KitchenSink(heap: heap, fixed: leaf)
        let peers = (0..<12).map { _ in KitchenSink(heap: heap, fixed: leaf) }
        let keys = (0..<2).map { _ in HashableNode(heap: heap) }
        sink.optional = peers[0]
        sink.array = [peers[1], peers[2]]
        sink.contiguous = [peers[3]]
        sink.set = [keys[0]]
        sink.byName = ["a": peers[4]]
        sink.byNode = [keys[1]: 7]
        sink.nested = [[peers[5], nil], [peers[6]]]
        sink.pair = (peers[7], other)
        sink.edge = Edge(target: peers[8])
        sink.shape = .labeled(first: peers[9], second: peers[10])
        sink.onEvent = Callback(capturing: peers[11]) { peer, value in peer.count + value }
        sink.weakPeer = peers[0]
        sink.hidden = other

        let expected: [GCObject] = [
            leaf, peers[0], peers[1], peers[2], peers[3], keys[0], peers[4], keys[1],
            peers[5], peers[6], peers[7], other, peers[8], peers[9], peers[10], peers[11],
        ]
        let identities = expected.map { ObjectIdentifier($0) }
        #expect(Set(reported(by: sink)) == Set(identities))
        #expect(reported(by: sink).count == identities.count)
    }

    @Test func verifyFindsNothingWrongWithGeneratedCode() {
        let heap = Heap()
        let leaf = ListNode(heap: heap)
        let sink = KitchenSink(heap: heap, fixed: leaf)
        let peer = KitchenSink(heap: heap, fixed: leaf)
        let key = HashableNode(heap: heap)
        key.back = sink
        sink.optional = peer
        sink.array = [peer, peer]
        sink.contiguous = [peer]
        sink.set = [key]
        sink.byName = ["a": peer]
        sink.byNode = [key: 1]
        sink.nested = [[peer, nil]]
        sink.pair = (peer, leaf)
        sink.edge = Edge(target: peer)
        sink.shape = .labeled(first: peer, second: sink)
        sink.onEvent = Callback(capturing: sink) { owner, value in owner.count + value }
        sink.weakPeer = peer
        sink.hidden = leaf
        let derived = MoreDerived(heap: heap)
        derived.baseLink = sink
        derived.extra = [leaf, peer]
        let holders: [GCObject] = [
            Holder(heap: heap, value: sink), Holder(heap: heap, value: [leaf]), Holder(heap: heap, value: 3),
        ]

        // The only finding is the reference kept out of the collector's view on purpose.
        let report = heap.verify()
        #expect(report.dangerousIssues.isEmpty, "\(report)")
        #expect(report.issues.map(\.property) == ["hidden"], "\(report)")
        #expect(report.unverifiableTypes.isEmpty)
        #expect(report.checkedObjects == heap.objects().count)
        withExtendedLifetime((derived, holders)) {}
    }

    @Test func clearDropsEveryVarButKeepsLetsAndPlainData() {
        let heap = Heap()
        let leaf = ListNode(heap: heap)
        let sink = KitchenSink(heap: heap, fixed: leaf)
        let peer = KitchenSink(heap: heap, fixed: leaf)
        sink.optional = peer
        sink.array = [peer]
        sink.nested = [[peer]]
        sink.byName = ["p": peer]
        sink.pair = (peer, leaf)
        sink.edge = Edge(target: peer, weight: 2)
        sink.shape = .labeled(first: peer, second: peer)
        sink.onEvent = Callback(capturing: peer) { peer, value in peer.count + value }
        sink.count = 5

        sink.clear()
        #expect(reported(by: sink) == [ObjectIdentifier(leaf)])
        #expect(sink.optional == nil && sink.array.isEmpty && sink.nested.isEmpty && sink.byName.isEmpty)
        #expect(sink.pair.0 == nil && sink.pair.label == nil)
        #expect(sink.edge.target == nil && sink.edge.weight == 2)
        #expect(sink.onEvent == nil)
        #expect(sink.count == 5)
        // The enum has a payload-less case: clearing switches to it, non-optional payload and all.
        guard case .empty = sink.shape else {
            Issue.record("the case was not cleared: \(sink.shape)")
            return
        }
        sink.shape = .number(3)
        sink.clear()
        guard case .number(3) = sink.shape else {
            Issue.record("a case without references was cleared: \(sink.shape)")
            return
        }
    }

    @Test func aClearedCallbackDoesNothing() {
        let heap = Heap()
        let leaf = ListNode(heap: heap)
        leaf.label = "leaf"
        var callback = Callback<String, String>(capturing: leaf) { node, suffix in node.label + suffix }
        #expect(callback("!") == "leaf!")
        #expect(!callback.isCleared)
        var reportedObjects: [ObjectIdentifier] = []
        callback.traceReferences { reportedObjects.append(ObjectIdentifier($0)) }
        #expect(reportedObjects == [ObjectIdentifier(leaf)])
        callback.clearReferences()
        #expect(callback.isCleared)
        #expect(callback("!") == nil)

        let noInput = Callback<Void, Int>(capturing: leaf) { node in node.label.count }
        #expect(noInput() == 4)
    }

    @Test func aCycleThroughEachKindOfPropertyIsCollected() {
        let heap = Heap()
        heap.disable()
        let links: [(KitchenSink, KitchenSink) -> Void] = [
            { $0.optional = $1 },
            { $0.array = [$1] },
            { $0.contiguous = [$1] },
            { $0.byName = ["x": $1] },
            { $0.nested = [[], [$1]] },
            { $0.pair.0 = $1 },
            { $0.edge.target = $1 },
            { $0.shape = .single($1) },
            { $0.shape = .labeled(first: $1, second: nil) },
            { $0.onEvent = Callback(capturing: $1) { target, value in target.count + value } },
        ]
        for (index, link) in links.enumerated() {
            weak var observed: KitchenSink?
            do {
                let leaf = ListNode(heap: heap)
                let a = KitchenSink(heap: heap, fixed: leaf)
                let b = KitchenSink(heap: heap, fixed: leaf)
                link(a, b)
                b.optional = a
                observed = a
            }
            #expect(heap.collect() == 3, "link kind \(index)")
            #expect(observed == nil, "link kind \(index)")
        }
    }

    @Test func aCycleOnlyThroughNonOptionalEnumPayloadsIsCollected() {
        let heap = Heap()
        heap.disable()
        weak var observed: LinkNode?
        do {
            let nodes = (0..<3).map { _ in LinkNode(heap: heap) }
            for (node, next) in zip(nodes, nodes.dropFirst() + [nodes[0]]) {
                node.link = .to(next)
            }
            observed = nodes[0]
        }
        #expect(heap.collect() == 3)
        #expect(observed == nil, "clear() left the payloads in place")
        #expect(heap.garbage.isEmpty)
    }

    /// Why a struct's `let` keeps its compile-time warning when a class's does not: the struct
    /// can be stored later in a `var` of an object older than what its `let` refers to, and
    /// clearing that `var` clears the struct, whose `let` stays. (A class's `let` is set before
    /// its object can be referred to.)
    @Test func aCycleThroughAStructsLetStoredInAVarIsUncollectable() {
        let heap = Heap()
        heap.disable()
        weak var observed: PinnedEdgeHolder?
        do {
            let older = PinnedEdgeHolder(heap: heap)
            let newer = PinnedEdgeHolder(heap: heap)
            older.edge = PinnedEdge(target: newer)
            newer.edge = PinnedEdge(target: older)
            observed = older
        }
        #expect(heap.collect() == 2)
        #expect(observed != nil, "clear() cannot drop a struct's let")
        #expect(heap.garbage.count == 2)
        for case let holder as PinnedEdgeHolder in heap.garbage {
            holder.edge = PinnedEdge(target: nil)
        }
        heap.garbage.removeAll()
        #expect(observed == nil)
    }

    @Test func aCycleThroughSetElementsAndDictionaryKeysIsCollected() {
        let heap = Heap()
        heap.disable()
        weak var observed: HashableNode?
        do {
            let leaf = ListNode(heap: heap)
            let sink = KitchenSink(heap: heap, fixed: leaf)
            let inSet = HashableNode(heap: heap)
            let asKey = HashableNode(heap: heap)
            sink.set = [inSet]
            sink.byNode = [asKey: 1]
            inSet.back = sink
            asKey.back = sink
            observed = asKey
        }
        #expect(heap.collect() == 4)
        #expect(observed == nil)
    }

    @Test func subclassesReportTheirSuperclassesReferencesFirst() {
        let heap = Heap()
        let targets = (0..<4).map { _ in ListNode(heap: heap) }
        let object = MoreDerived(heap: heap)
        object.baseLink = targets[0]
        object.derivedLink = targets[1]
        object.extra = [targets[2], targets[3]]
        #expect(reported(by: object) == targets.map { ObjectIdentifier($0) })
        object.clear()
        #expect(reported(by: object).isEmpty)

        let same = SameAsDerived(heap: heap)
        same.baseLink = targets[0]
        #expect(heap.isTracked(same))
        #expect(reported(by: same) == [ObjectIdentifier(targets[0])])
    }

    @Test func aGenericClassDecidesPerValueAtRunTime() {
        let heap = Heap()
        let node = ListNode(heap: heap)
        #expect(reported(by: Holder(heap: heap, value: node)) == [ObjectIdentifier(node)])
        #expect(reported(by: Holder(heap: heap, value: [node, node])).count == 2)
        #expect(reported(by: Holder<ListNode?>(heap: heap, value: nil)).isEmpty)
        #expect(reported(by: Holder(heap: heap, value: 42)).isEmpty)
        #expect(reported(by: Holder(heap: heap, value: Edge(target: nil))).isEmpty)

        let optionalBox = Holder<ListNode?>(heap: heap, value: node)
        optionalBox.clear()
        #expect(optionalBox.value == nil)
    }

    @Test func aGenericClassCycleIsCollected() {
        let heap = Heap()
        heap.disable()
        weak var observed: Holder<ListNode>?
        do {
            let node = ListNode(heap: heap)
            let box = Holder(heap: heap, value: node)
            let back = Holder<GCObject?>(heap: heap, value: nil)
            let holder = Holder<[GCObject]>(heap: heap, value: [back, box])
            back.value = holder
            observed = box
        }
        #expect(heap.collect() == 4)
        #expect(observed == nil)
    }

    @Test func aClassOfPlainDataIsNotTrackedAndStillFreed() {
        let heap = Heap()
        weak var observed: Plain?
        do {
            let plain = Plain(heap: heap)
            #expect(!heap.isTracked(plain))
            #expect(heap.objects().isEmpty)
            let holder = Holder(heap: heap, value: plain)
            #expect(heap.isTracked(holder))
            observed = plain
        }
        #expect(observed == nil)
        #expect(heap.counts.0 == 0)
    }

    @Test func didSetObserversRunWhenAPropertyIsClearedAndDeinitsRun() {
        let heap = Heap()
        heap.disable()
        let changesBefore = Observed.changes
        let deinitsBefore = WithDeinit.deinits
        do {
            let a = Observed(heap: heap)
            let b = Observed(heap: heap)
            a.link = b
            b.link = a
            let c = WithDeinit(heap: heap)
            let d = WithDeinit(heap: heap)
            c.link = d
            d.link = c
        }
        #expect(heap.collect() == 4)
        #expect(Observed.changes - changesBefore == 4)
        #expect(WithDeinit.deinits - deinitsBefore == 2)
    }

    @Test func aCallbackCapturingItsOwnerIsTheCycleTheCollectorBreaks() {
        let heap = Heap()
        heap.disable()
        weak var observed: KitchenSink?
        do {
            let sink = KitchenSink(heap: heap, fixed: ListNode(heap: heap))
            sink.count = 40
            sink.onEvent = Callback(capturing: sink) { owner, value in owner.count + value }
            #expect(sink.onEvent?(2) == 42)
            observed = sink
        }
        #expect(observed != nil)
        #expect(heap.collect() == 2)  // the sink and the node only it holds
        #expect(observed == nil)
    }
}
