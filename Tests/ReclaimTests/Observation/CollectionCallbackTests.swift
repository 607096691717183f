import Reclaim
import Testing

/// `callbacks`: called at the start and stop of every collection, safe to collect from.
@Suite struct CollectionCallbackTests {
    @Test func callbacksReceiveTheStartAndTheResult() {
        let heap = Heap()
        heap.disable()
        var events: [(CollectionPhase, CollectionInfo)] = []
        heap.callbacks.append { events.append(($0, $1)) }
        let keep = LinkNode(heap: heap)
        do {
            let a = LinkNode(heap: heap)
            a.next = a
            let b = StubbornNode(heap: heap)
            b.next = b
        }
        #expect(heap.collect(generation: 1) == 2)
        #expect(events.count == 2)
        #expect(events[0].0 == .start)
        #expect(events[0].1 == CollectionInfo(generation: 1))
        #expect(events[1].0 == .stop)
        let info = events[1].1
        #expect(info.generation == 1)
        #expect(info.collected == 1)
        #expect(info.uncollectable == 1)
        #expect(info.resurrected == 0)
        #expect(info.candidates == 3)
        #expect(info.duration > .zero)
        heap.garbage.removeAll()
        withExtendedLifetime(keep) {}
    }

    @Test func aCallbackThatCollectsIsRefusedClearlyInsteadOfRecursing() {
        let heap = Heap()
        heap.disable()
        let capture = LogCapture()
        heap.logger = capture.logger()
        var nested: [Int] = []
        heap.callbacks.append { _, _ in nested.append(heap.collect()) }
        do {
            let a = LinkNode(heap: heap)
            a.next = a
        }
        #expect(heap.collect() == 1)
        #expect(nested == [0, 0])
        #expect(heap.stats[2].collections == 1)
        #expect(capture.lines.count == 2)
        #expect(capture.lines.allSatisfy { $0.hasPrefix("warning: gc: collect(generation: 2) ignored") })
    }

    @Test func callbacksMayRemoveThemselves() {
        let heap = Heap()
        var calls = 0
        heap.callbacks.append { phase, _ in
            calls += 1
            if phase == .stop { heap.callbacks.removeAll() }
        }
        heap.collect()
        heap.collect()
        #expect(calls == 2)
        #expect(heap.callbacks.isEmpty)
    }

    @Test func automaticCollectionsCallBackToo() {
        let heap = Heap()
        heap.thresholds = (5, 10, 10)
        var generations: [Int] = []
        heap.callbacks.append { phase, info in if phase == .stop { generations.append(info.generation) } }
        var nodes: [LinkNode] = []
        for _ in 0..<12 { nodes.append(LinkNode(heap: heap)) }
        #expect(generations == [0, 0])
    }
}
