import Reclaim
import Testing

/// PEP 442 semantics: every finalizer of an unreachable group runs once before anything is
/// cleared, resurrection is detected, and finalizers that allocate or collect are safe.
@Suite struct HeapFinalizationTests {
    private func makeHeap() -> Heap {
        let heap = Heap()
        heap.disable()
        heap._checksInvariantsAfterEachCollection = true
        return heap
    }

    @Test func finalizersRunOnEveryMemberBeforeAnythingIsCleared() {
        let heap = makeHeap()
        let journal = Journal()
        do {
            let a = Phoenix("a", heap: heap, journal: journal)
            let b = Phoenix("b", heap: heap, journal: journal)
            a.next = b
            b.next = a
            b.onFinalize = { b in
                // The group is intact while finalizers run.
                #expect((b.next as? Phoenix)?.next === b)
            }
        }
        #expect(heap.collect() == 2)
        let events = journal.events
        #expect(events.prefix(2).sorted() == ["finalize a", "finalize b"], "\(events)")
        #expect(events.count(where: { $0.hasPrefix("clear") }) == 2)
        #expect(events.count(where: { $0.hasPrefix("deinit") }) == 2)
        #expect(heap.stats[2].collected == 2)
        #expect(heap.stats[2].resurrected == 0)
    }

    @Test func aFinalizerThatResurrectsItsObjectKeepsItsWholeGroup() {
        let heap = makeHeap()
        let journal = Journal()
        let rescue = Rescue()
        do {
            let a = Phoenix("a", heap: heap, journal: journal)
            let b = Phoenix("b", heap: heap, journal: journal)
            a.next = b
            b.next = a
            a.onFinalize = { rescue.saved.append($0) }
        }
        #expect(heap.collect() == 0, "both were resurrected: a directly, b through a")
        #expect(heap.stats[2].resurrected == 2)
        #expect(journal.count(of: "finalize a") == 1)
        #expect(journal.count(of: "finalize b") == 1)
        #expect(!journal.events.contains { $0.hasPrefix("clear") || $0.hasPrefix("deinit") })
        do {
            let a = rescue.saved[0] as? Phoenix
            #expect(a.map(GC.isFinalized) == true)
            #expect((a?.next as? Phoenix)?.next === a, "nothing was cleared")
            #expect(a.map(heap.isTracked) == true)
        }

        // Unreachable again: collected, and no finalizer runs a second time.
        rescue.saved.removeAll()
        #expect(heap.collect() == 2)
        #expect(journal.count(of: "finalize a") == 1)
        #expect(journal.count(of: "finalize b") == 1)
        #expect(journal.count(of: "deinit a") == 1)
        #expect(journal.count(of: "deinit b") == 1)
    }

    @Test func aFinalizerThatResurrectsAnotherMemberSavesOnlyWhatThatMemberReaches() {
        let heap = makeHeap()
        let journal = Journal()
        let rescue = Rescue()
        do {
            let a = Phoenix("a", heap: heap, journal: journal)
            let b = Phoenix("b", heap: heap, journal: journal)
            let c = Phoenix("c", heap: heap, journal: journal)
            let d = Phoenix("d", heap: heap, journal: journal)
            a.next = b
            b.next = a
            c.next = d
            d.next = c
            a.others = [c]
            a.onFinalize = { a in rescue.saved.append(a.others[0]) }
        }
        #expect(heap.collect() == 2, "a and b are collected; c and d were resurrected")
        #expect(heap.stats[2].resurrected == 2)
        #expect(Set(journal.events.filter { $0.hasPrefix("deinit") }) == ["deinit a", "deinit b"])
        do {
            let c = rescue.saved[0] as? Phoenix
            #expect(c?.name == "c")
            #expect((c?.next as? Phoenix)?.name == "d", "c was not cleared")
        }
        #expect(journal.count(of: "clear c") == 0)
        rescue.saved.removeAll()
        #expect(heap.collect() == 2)
        #expect(journal.count(of: "deinit d") == 1)
    }

    @Test func aFinalizerThatBuildsNewCyclesDoesNotDisturbTheCollection() {
        let heap = makeHeap()
        let journal = Journal()
        do {
            let a = Phoenix("a", heap: heap, journal: journal)
            let b = Phoenix("b", heap: heap, journal: journal)
            a.next = b
            b.next = a
            a.onFinalize = { _ in
                let x = Phoenix("x", heap: heap, journal: journal)
                let y = Phoenix("y", heap: heap, journal: journal)
                x.next = y
                y.next = x
            }
        }
        #expect(heap.collect() == 2)
        #expect(heap.trackedCount == 2, "the new cycle is tracked and waiting")
        #expect(heap.collect() == 2)
        #expect(heap.trackedCount == 0)
        #expect(journal.count(of: "finalize x") == 1)
    }

    @Test func aCollectionStartedByAFinalizerReturnsZeroAndChangesNothing() {
        let heap = makeHeap()
        let journal = Journal()
        var nested: [Int] = []
        let survivor = LinkNode(heap: heap)
        do {
            let a = Phoenix("a", heap: heap, journal: journal)
            a.next = a
            a.onFinalize = { _ in
                nested.append(heap.collect())
                nested.append(heap.collect(generation: 0))
            }
        }
        #expect(heap.collect() == 1)
        #expect(nested == [0, 0])
        #expect(heap.stats[2].collections == 1)
        #expect(heap.isTracked(survivor))
    }

    @Test func automaticCollectionsWaitWhileFinalizersAllocate() {
        let heap = Heap()
        heap._checksInvariantsAfterEachCollection = true
        heap.thresholds = (1, 1, 1)
        let journal = Journal()
        do {
            let a = Phoenix("a", heap: heap, journal: journal)
            a.next = a
            a.onFinalize = { _ in
                for index in 0..<20 {
                    let node = Phoenix("n\(index)", heap: heap, journal: journal)
                    node.next = node
                }
            }
        }
        let before = heap.stats.map(\.collections).reduce(0, +)
        heap.collect()
        #expect(heap.stats.map(\.collections).reduce(0, +) == before + 1, "no collection ran inside")
        while heap.collect() > 0 {}
        #expect(journal.count(of: "deinit a") == 1)
        #expect((0..<20).allSatisfy { journal.count(of: "deinit n\($0)") == 1 })
    }

    @Test func arcRunsTheFinalizerOnceBeforeDeinitWithTheObjectWhole() {
        let heap = makeHeap()
        let journal = Journal()
        var seenNext: String?
        do {
            let a = Phoenix("a", heap: heap, journal: journal)
            let b = Phoenix("b", heap: heap, journal: journal)
            a.next = b
            a.onFinalize = { a in seenNext = (a.next as? Phoenix)?.name }
        }
        #expect(journal.events == ["finalize a", "deinit a", "finalize b", "deinit b"])
        #expect(seenNext == "b", "finalize() saw the stored properties")
        #expect(heap.trackedCount == 0)
    }

    @Test func anObjectFinalizedByACollectionIsNotFinalizedAgainWhenFreed() {
        let heap = makeHeap()
        let journal = Journal()
        let rescue = Rescue()
        do {
            let a = Phoenix("a", heap: heap, journal: journal)
            a.next = a
            a.onFinalize = { rescue.saved.append($0) }
        }
        #expect(heap.collect() == 0)
        let a = rescue.saved.removeFirst() as? Phoenix
        a?.next = nil
        #expect(journal.events == ["finalize a"])
        _ = consume rescue
        withExtendedLifetime(a) {}
    }

    @Test func subclassesAndGenericClassesInheritFinalization() {
        let heap = makeHeap()
        var log: [String] = []
        do {
            _ = FinalizingBase(heap: heap) { log.append("base") }
            _ = InheritingSubclass(heap: heap) { log.append("subclass") }
            _ = GenericFinalizer(42, heap: heap) { log.append("generic \($0)") }
            _ = GenericFinalizer("s", heap: heap) { log.append("generic \($0)") }
        }
        #expect(log == ["base", "subclass", "generic 42", "generic s"])
    }

    @Test func classesWithoutAFinalizerAreNeverFinalized() {
        let heap = makeHeap()
        let rescue = SwiftWeakBox()
        do {
            let a = LinkNode(heap: heap)
            a.next = a
            rescue.object = a
            #expect(!GC.isFinalized(a))
        }
        #expect(heap.collect() == 1)
        #expect(rescue.object == nil)
    }
}

class FinalizingBase: GCObject {
    let onFinalize: () -> Void

    init(heap: Heap, onFinalize: @escaping () -> Void) {
        self.onFinalize = onFinalize
        super.init(heap: heap)
    }

    override func finalize() { onFinalize() }
}

final class InheritingSubclass: FinalizingBase {}

final class GenericFinalizer<Value>: GCObject {
    let value: Value
    let onFinalize: (Value) -> Void

    init(_ value: Value, heap: Heap, onFinalize: @escaping (Value) -> Void) {
        self.value = value
        self.onFinalize = onFinalize
        super.init(heap: heap)
    }

    override func finalize() { onFinalize(value) }
}
