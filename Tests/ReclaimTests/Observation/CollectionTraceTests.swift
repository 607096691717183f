import Testing

@testable import Reclaim

/// The collection trace hook reports each step with the collector's own numbers.
@Suite struct CollectionTraceTests {
    /// Collects `heap` with a tracer and returns the events, in order.
    private func trace(_ heap: Heap) -> [CollectionTraceEvent] {
        var events: [CollectionTraceEvent] = []
        heap.collectionTracer = { events.append($0) }
        heap.collect()
        heap.collectionTracer = nil
        return events
    }

    @Test func countsSubtractionAndRescueMatchTheRuntime() throws {
        let heap = Heap()
        let journal = Journal()
        let root = Phoenix("root", heap: heap, journal: journal)
        let child = Phoenix("child", heap: heap, journal: journal)
        root.next = child
        child.next = root
        let rootID = ObjectIdentifier(root)
        let childID = ObjectIdentifier(child)
        var lostIDs: [ObjectIdentifier] = []
        do {
            let a = Phoenix("a", heap: heap, journal: journal)
            let b = Phoenix("b", heap: heap, journal: journal)
            a.next = b
            b.next = a
            lostIDs = [ObjectIdentifier(a), ObjectIdentifier(b)]
        }
        let rootCount = GC.refcount(of: root)
        let events = trace(heap)
        try #require(events.count == 7)

        guard case .countsCopied(let candidates, let counts) = events[0] else {
            Issue.record("first event: \(events[0])")
            return
        }
        let index = Dictionary(uniqueKeysWithValues: candidates.enumerated().map { ($1, $0) })
        #expect(Set(candidates) == Set([rootID, childID] + lostIDs))
        #expect(counts[index[rootID]!] == rootCount)
        #expect(lostIDs.allSatisfy { counts[index[$0]!] == 1 })

        guard case .internalReferencesSubtracted(let subtracted, let references) = events[1] else {
            Issue.record("second event: \(events[1])")
            return
        }
        #expect(references.count == 4)
        #expect(references.contains { $0.source == index[rootID]! && $0.target == index[childID]! })
        #expect(subtracted[index[rootID]!] == rootCount - 1)
        #expect(lostIDs.allSatisfy { subtracted[index[$0]!] == 0 })

        guard case .reachableRescued(let reachable) = events[2] else {
            Issue.record("third event: \(events[2])")
            return
        }
        #expect(reachable[index[rootID]!] && reachable[index[childID]!])
        #expect(lostIDs.allSatisfy { !reachable[index[$0]!] })

        guard case .weakReferencesCleared(let weak) = events[3], case .finalizersRan(let finalized) = events[4],
            case .resurrectionChecked(_, let recounted, let resurrected) = events[5],
            case .cleared(let cleared, let uncollectable) = events[6]
        else {
            Issue.record("last events: \(events[3...])")
            return
        }
        #expect(weak.isEmpty)
        #expect(Set(finalized) == Set(lostIDs))
        #expect(recounted == [0, 0])
        #expect(resurrected.isEmpty)
        #expect(Set(cleared) == Set(lostIDs))
        #expect(uncollectable.isEmpty)
        #expect(journal.count(of: "deinit a") == 1)
        root.next = nil
    }

    @Test func weakReferencesFinalizersAndResurrectionAreReported() throws {
        let heap = Heap()
        let journal = Journal()
        let rescue = Rescue()
        var callbackRan = false
        var watcher: WeakRef<Phoenix>?
        var ids: [String: ObjectIdentifier] = [:]
        do {
            let phoenix = Phoenix("phoenix", heap: heap, journal: journal)
            let ash = Phoenix("ash", heap: heap, journal: journal)
            let doomed = Phoenix("doomed", heap: heap, journal: journal)
            phoenix.next = ash
            ash.next = phoenix
            doomed.next = doomed
            phoenix.onFinalize = { rescue.saved.append($0) }
            watcher = WeakRef(doomed) { _ in callbackRan = true }
            ids = [
                "phoenix": ObjectIdentifier(phoenix), "ash": ObjectIdentifier(ash), "doomed": ObjectIdentifier(doomed),
            ]
        }
        let events = trace(heap)
        #expect(callbackRan)
        let weak = events.compactMap { event -> [CollectionTraceEvent.ClearedWeakReference]? in
            if case .weakReferencesCleared(let cleared) = event { return cleared }
            return nil
        }
        try #require(weak.count == 1)
        #expect(weak[0].map(\.reference) == [ObjectIdentifier(watcher!)])
        #expect(weak[0].map(\.referent) == [ids["doomed"]])
        #expect(weak[0].map(\.callbackRuns) == [true])

        let resurrection = events.compactMap { event -> ([ObjectIdentifier], [Int], [ObjectIdentifier])? in
            if case .resurrectionChecked(let garbage, let counts, let resurrected) = event {
                return (garbage, counts, resurrected)
            }
            return nil
        }
        try #require(resurrection.count == 1)
        let (garbage, counts, resurrected) = resurrection[0]
        #expect(Set(garbage) == Set(ids.values))
        #expect(Set(resurrected) == [ids["phoenix"]!, ids["ash"]!])
        let phoenixIndex = try #require(garbage.firstIndex(of: ids["phoenix"]!))
        #expect(counts[phoenixIndex] == 1)

        let cleared = events.compactMap { event -> [ObjectIdentifier]? in
            if case .cleared(let garbage, _) = event { return garbage }
            return nil
        }
        #expect(cleared == [[ids["doomed"]!]])
        #expect(rescue.saved.count == 1)
        rescue.saved.removeAll()
        heap.collect()
    }

    @Test func aWeakReferenceInsideTheGarbageIsReportedOnceWithoutCallback() {
        let heap = Heap()
        let journal = Journal()
        var callbackRan = false
        var reference: ObjectIdentifier?
        do {
            let a = Phoenix("a", heap: heap, journal: journal)
            let b = Phoenix("b", heap: heap, journal: journal)
            a.next = b
            b.next = a
            let weak = WeakRef(b) { _ in callbackRan = true }
            a.others = [weak]
            reference = ObjectIdentifier(weak)
        }
        let cleared = trace(heap).compactMap { event -> [CollectionTraceEvent.ClearedWeakReference]? in
            if case .weakReferencesCleared(let cleared) = event { return cleared }
            return nil
        }
        #expect(cleared.count == 1)
        #expect(cleared.first?.map(\.reference) == reference.map { [$0] })
        #expect(cleared.first?.map(\.callbackRuns) == [false])
        #expect(!callbackRan)
    }

    @Test func anEmptyCollectionReportsNoCandidatesOnly() {
        let events = trace(Heap())
        #expect(events.count == 1)
        if case .countsCopied(let candidates, let counts) = events.first {
            #expect(candidates.isEmpty && counts.isEmpty)
        } else {
            Issue.record("events: \(events)")
        }
    }

    @Test func saveAllReportsTheSavedGarbage() {
        let heap = Heap()
        heap.debugFlags = .saveAll
        var ids: Set<ObjectIdentifier> = []
        do {
            let a = LinkNode(heap: heap)
            let b = LinkNode(heap: heap)
            a.next = b
            b.next = a
            ids = [ObjectIdentifier(a), ObjectIdentifier(b)]
        }
        let events = trace(heap)
        if case .saved(let saved) = events.last {
            #expect(Set(saved) == ids)
        } else {
            Issue.record("last event: \(String(describing: events.last))")
        }
        #expect(Set(heap.garbage.map { ObjectIdentifier($0) }) == ids)
        heap.debugFlags = []
        heap.garbage.removeAll()
        heap.collect()
    }

    /// The same graph, with finalizers, resurrection and weak references, collected with and
    /// without a tracer: the tracer changes nothing the collector does.
    @Test func tracingDoesNotChangeTheCollection() {
        func collect(traced: Bool) -> (found: Int, stats: GenerationStats, journal: [String], rescued: Int) {
            let heap = Heap()
            let journal = Journal()
            let rescue = Rescue()
            var watchers: [WeakRef<Phoenix>] = []
            do {
                var nodes: [Phoenix] = []
                for index in 0..<12 {
                    nodes.append(Phoenix("n\(index)", heap: heap, journal: journal))
                }
                for index in 0..<12 {
                    nodes[index].next = nodes[(index * 5 + 1) % 12]
                }
                nodes[3].onFinalize = { rescue.saved.append($0) }
                watchers = [WeakRef(nodes[4]) { _ in journal.append("callback") }]
                nodes[0].others = [WeakRef(nodes[1])]
            }
            if traced { heap.collectionTracer = { _ in } }
            let found = heap.collect()
            let result = (found, heap.stats[2], journal.events, rescue.saved.count + watchers.count)
            rescue.saved.removeAll()
            heap.collect()
            return result
        }
        let plain = collect(traced: false)
        let traced = collect(traced: true)
        #expect(plain.found == traced.found)
        #expect(plain.stats.collected == traced.stats.collected)
        #expect(plain.stats.resurrected == traced.stats.resurrected)
        #expect(plain.journal == traced.journal)
        #expect(plain.rescued == traced.rescued)
    }

    @Test func anOverReportingTraverseIsReportedAsARefusalBeforeTheRescue() {
        let heap = Heap()
        do {
            let liar = OverReportingNode(heap: heap)
            liar.next = LinkNode(heap: heap)
            withExtendedLifetime(liar) {
                let events = trace(heap)
                #expect(events.count == 4)
                if events.count == 4, case .refused(let counts) = events[2] {
                    #expect(counts.contains { $0 < 0 })
                } else {
                    Issue.record("third event: \(events.count > 2 ? String(describing: events[2]) : "none")")
                }
                if case .reachableRescued(let reachable) = events.last {
                    #expect(reachable == [true, true], "the liar is held by this test; its target is held back")
                } else {
                    Issue.record("last event: \(String(describing: events.last))")
                }
            }
        }
    }
}
