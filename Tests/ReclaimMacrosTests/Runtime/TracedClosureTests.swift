import ReclaimMacros
import Testing

/// Stored closures of `@Traced` classes at run time: what they capture is read from runtime
/// metadata, so the most common Swift cycle (an object storing a closure that captures it) is
/// collected without `Callback`, and a copy of the closure held anywhere else keeps what it
/// captures alive.
@Suite struct TracedClosureTests {
    @Traced
    final class Downloader: GCObject {
        var name = "downloader"
        var onFinish: (() -> Void)?
        var handlers: [(Int) -> Void] = []
        var finished = 0
    }

    @Traced
    struct Configuration {
        var retries = 3
        var onChange: (() -> Void)?
    }

    @Traced
    final class Client: GCObject {
        var configuration = Configuration()
    }

    @Traced
    enum Chore {
        case idle
        case running(() -> Void, retries: Int)
    }

    @Traced
    final class Worker: GCObject {
        var task = Chore.idle
    }

    @Traced
    class Base: GCObject {
        private var handler: (() -> Void)?
        func setBaseHandler(_ handler: @escaping () -> Void) { self.handler = handler }
    }

    @Traced
    final class Derived: Base {
        private var handler: (() -> Void)?
        func setDerivedHandler(_ handler: @escaping () -> Void) { self.handler = handler }
    }

    /// A heap with automatic collection off and the invariants checked after each collection.
    static func makeHeap() -> Heap {
        let heap = Heap()
        heap.disable()
        heap._checksInvariantsAfterEachCollection = true
        return heap
    }

    @Test func aClosureCapturingOnlyItsOwnerIsCollected() {
        let heap = Self.makeHeap()
        weak var watched: Downloader?
        do {
            let downloader = Downloader(heap: heap)
            downloader.onFinish = { downloader.finished += 1 }
            watched = downloader
        }
        #expect(watched != nil, "plain ARC leaks the cycle")
        #expect(heap.collect() == 1)
        #expect(watched == nil)
        #expect(heap.stats[2].refused == 0)
    }

    @Test func aClosureCapturingItsOwnerAndOtherValuesIsCollected() {
        let heap = Self.makeHeap()
        weak var watched: Downloader?
        weak var other: Downloader?
        do {
            let downloader = Downloader(heap: heap)
            let peer = Downloader(heap: heap)
            let attempt = 3
            downloader.onFinish = { print(downloader.name, peer.name, attempt) }
            peer.handlers.append { count in downloader.finished += count }
            watched = downloader
            other = peer
        }
        #expect(heap.collect() == 2)
        #expect(watched == nil && other == nil)
    }

    @Test func aCapturedVariableBoxAndANestedClosureAreFollowed() {
        let heap = Self.makeHeap()
        weak var watched: Downloader?
        do {
            let downloader = Downloader(heap: heap)
            var owner: Downloader? = nil
            let inner = { owner?.finished += 1 }
            owner = downloader  // assigned after the capture: the closure holds a box
            downloader.handlers.append { _ in inner() }
            owner?.name = "boxed"
            watched = downloader
        }
        #expect(heap.collect() == 1)
        #expect(watched == nil)
    }

    @Test func aCopyOfTheClosureHeldOutsideKeepsItsCapturesAliveAndUncleared() {
        let heap = Self.makeHeap()
        weak var watched: Downloader?
        var saved: (() -> Void)?
        do {
            let downloader = Downloader(heap: heap)
            let attempt = 1
            downloader.onFinish = { downloader.finished += attempt }
            saved = downloader.onFinish
            watched = downloader
        }
        #expect(saved != nil)
        #expect(heap.collect() == 0, "the copy in `saved` holds the context, which holds the downloader")
        #expect(watched?.onFinish != nil, "nothing was cleared")
        #expect(heap.stats[2].refused == 0)
        saved = nil
        #expect(heap.collect() == 1)
        #expect(watched == nil)
    }

    @Test func anObjectCapturedByAPlainClassIsNotCollected() {
        final class Holder {
            var downloader: Downloader?
        }
        let heap = Self.makeHeap()
        weak var watched: Downloader?
        do {
            let downloader = Downloader(heap: heap)
            let holder = Holder()
            holder.downloader = downloader
            downloader.onFinish = { _ = holder }
            watched = downloader
        }
        // The plain holder's reference is not the collector's to see: the cycle leaks, safely.
        #expect(heap.collect() == 0)
        #expect(watched != nil)
        watched?.onFinish = nil
        #expect(watched == nil)
    }

    @Test func verifyFindsNothingToReport() {
        let heap = Self.makeHeap()
        let downloader = Downloader(heap: heap)
        let attempt = 2
        downloader.onFinish = { downloader.finished += attempt }
        downloader.handlers = [{ downloader.finished += $0 }, { _ in }]
        let report = heap.verify()
        #expect(report.isClean, "\(report)")
        downloader.onFinish = nil
        downloader.handlers = []
    }

    @Test func aClosureInAStructPropertyIsTracedToo() {
        let heap = Self.makeHeap()
        weak var watched: Client?
        do {
            let client = Client(heap: heap)
            let attempt = 1
            client.configuration.onChange = { print(client.configuration.retries, attempt) }
            watched = client
        }
        #expect(watched != nil, "plain ARC leaks the cycle")
        #expect(heap.collect() == 1)
        #expect(watched == nil)
    }

    @Test func aClosureInAnEnumPayloadIsTracedToo() {
        let heap = Self.makeHeap()
        weak var watched: Worker?
        do {
            let worker = Worker(heap: heap)
            let attempt = 2
            worker.task = .running({ print(worker, attempt) }, retries: 1)
            watched = worker
        }
        #expect(watched != nil, "plain ARC leaks the cycle")
        #expect(heap.collect() == 1)
        #expect(watched == nil)
    }

    @Test func aSubclassPropertyOfTheSameNameIsTracedAsItsOwn() {
        let heap = Self.makeHeap()
        let outside = Derived(heap: heap)
        weak var watched: Derived?
        var saved: (() -> Void)?
        do {
            let derived = Derived(heap: heap)
            let attempt = 1
            // The base class's handler captures the object held from outside; the subclass's
            // captures the object itself. A copy of the base handler is kept outside.
            let baseHandler = { print(outside, attempt) }
            derived.setBaseHandler(baseHandler)
            saved = baseHandler
            derived.setDerivedHandler { print(derived, attempt) }
            watched = derived
        }
        #expect(heap.collect() == 1, "the subclass's cycle is collected")
        #expect(watched == nil)
        withExtendedLifetime((outside, saved)) {}
    }
}
