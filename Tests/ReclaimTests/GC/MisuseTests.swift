import Reclaim
import Testing

/// Invalid arguments and misuse stop the program with a message that names the problem.
/// Exit tests run each case in a child process.
@Suite struct MisuseTests {
    @Test func collectingGenerationSevenNamesTheValue() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            collectFromTheDefaultHeap(generation: 7)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("GC.collect(generation: 7): generation must be 0, 1 or 2"))
    }

    @Test func aNegativeThresholdNamesTheValue() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Heap().thresholds = (700, -1, 10)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("threshold 1 is -1; thresholds must be 0 or more"))
    }

    @Test func listingGenerationThreeNamesTheValue() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Heap().objects(generation: 3)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("objects(generation: 3): generation must be 0, 1, 2 or nil"))
    }

    @Test func aTraverseThatAllocatesATrackedObjectIsStoppedWithAMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let heap = Heap()
            let node = MisbehavingTraverseNode(heap: heap)
            node.duringTraverse = { _ = LinkNode(heap: heap) }
            heap.collect()
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("traverse(_:) created a tracked object (LinkNode)"))
    }

    @Test func aTraverseThatUsesTheHeapIsStoppedInsteadOfDeadlocking() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let heap = Heap()
            let node = MisbehavingTraverseNode(heap: heap)
            node.duringTraverse = { _ = heap.trackedCount }
            heap.collect()
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("traverse(_:) used the heap it is being collected by"))
    }

    @Test func aCollectionStartedFromATraverseNamesTraverse() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let heap = Heap()
            let node = MisbehavingTraverseNode(heap: heap)
            node.duringTraverse = { heap.collect() }
            heap.collect()
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("a traverse(_:) called collect() while the collector was scanning"))
    }

    @Test func collectingOneHeapOnTwoThreadsAtOnceIsDetected() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            collectOneHeapOnTwoThreads()
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("a heap was collected on two threads at once"))
    }
}

private func collectFromTheDefaultHeap(generation: Int) {
    GC.collect(generation: generation)
}

/// Deliberately breaks the confinement rule: while one thread is inside a collection (in a
/// `clear()`), a second thread collects the same heap.
private func collectOneHeapOnTwoThreads() {
    final class Smuggled: @unchecked Sendable {
        let heap = Heap()
    }
    let smuggled = Smuggled()
    do {
        let node = HookNode(heap: smuggled.heap)
        node.next = node
        node.onClear = {
            let intruder = TestThread { smuggled.heap.collect() }
            intruder.join()
        }
    }
    smuggled.heap.collect()
}
