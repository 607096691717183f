import Testing

@testable import Reclaim

@Suite struct FinalizerTests {
    @Test func runsWhenARCFreesTheObject() {
        let heap = Heap()
        var runs = 0
        var object: LinkNode? = LinkNode(heap: heap)
        let finalizer = GC.finalizer(for: object!) { runs += 1 }
        withExtendedLifetime(object) {
            #expect(finalizer.isAlive)
            #expect(runs == 0)
        }
        object = nil
        #expect(runs == 1)
        #expect(!finalizer.isAlive)
        #expect(finalizer() == false)
        #expect(finalizer.detach() == false)
        #expect(runs == 1)
    }

    @Test func runsDuringTheCollectionThatFindsACycleUnreachable() {
        let heap = Heap()
        var runs = 0
        var finalizer: Finalizer?
        do {
            let a = LinkNode(heap: heap)
            let b = LinkNode(heap: heap)
            a.next = b
            b.next = a
            finalizer = GC.finalizer(for: a) { runs += 1 }
        }
        #expect(runs == 0, "reference counting alone cannot free a cycle")
        #expect(heap.collect() == 2)
        #expect(runs == 1)
        #expect(finalizer?.isAlive == false)
        #expect(heap.collect() == 0)
        #expect(runs == 1)
    }

    @Test func runsBeforeTheFinalizersOfTheCollection() {
        let heap = Heap()
        let log = Journal()
        do {
            let a = FinalizingLinkNode(heap: heap)
            let b = FinalizingLinkNode(heap: heap)
            a.next = b
            b.next = a
            a.onFinalize = { log.append("finalize") }
            GC.finalizer(for: a) { log.append("action") }
        }
        #expect(heap.collect() == 2)
        #expect(log.events == ["action", "finalize"])
    }

    @Test func runsAfterFinalizeWhenARCFreesTheObject() {
        let heap = Heap()
        let log = Journal()
        do {
            let object = FinalizingLinkNode(heap: heap)
            object.onFinalize = { log.append("finalize") }
            GC.finalizer(for: object) { log.append("action") }
        }
        #expect(log.events == ["finalize", "action"])
    }

    @Test func finalizersOfOneObjectRunMostRecentFirst() {
        let heap = Heap()
        let log = Journal()
        do {
            let object = LinkNode(heap: heap)
            GC.finalizer(for: object) { log.append("first") }
            GC.finalizer(for: object) { log.append("second") }
        }
        #expect(log.events == ["second", "first"])
    }

    @Test func anEarlyCallRunsTheActionOnceAndNotAgainAtDeath() {
        let heap = Heap()
        var runs = 0
        var object: LinkNode? = LinkNode(heap: heap)
        let finalizer = GC.finalizer(for: object!) { runs += 1 }
        #expect(WeakRef<GCObject>.count(of: object!) == 1)
        #expect(finalizer() == true)
        #expect(runs == 1)
        #expect(!finalizer.isAlive)
        #expect(WeakRef<GCObject>.count(of: object!) == 0, "the weak reference is released")
        #expect(finalizer() == false)
        #expect(runs == 1)
        object = nil
        #expect(runs == 1)
    }

    @Test func detachPreventsTheAction() {
        let heap = Heap()
        var runs = 0
        var object: LinkNode? = LinkNode(heap: heap)
        let finalizer = GC.finalizer(for: object!) { runs += 1 }
        #expect(finalizer.detach() == true)
        #expect(!finalizer.isAlive)
        #expect(finalizer.detach() == false)
        #expect(finalizer() == false)
        #expect(WeakRef<GCObject>.count(of: object!) == 0)
        object = nil
        #expect(runs == 0)
    }

    @Test func detachReleasesTheAction() {
        let heap = Heap()
        let object = LinkNode(heap: heap)
        weak var weakCapture: Journal?
        let finalizer: Finalizer
        do {
            let capture = Journal()
            weakCapture = capture
            finalizer = GC.finalizer(for: object) { capture.append("action") }
        }
        withExtendedLifetime(object) {
            #expect(weakCapture != nil)
            #expect(finalizer.detach())
            #expect(weakCapture == nil)
        }
    }

    @Test func theRegistryKeepsADroppedFinalizerAliveUntilItRuns() {
        let heap = Heap()
        var runs = 0
        weak var weakFinalizer: Finalizer?
        var object: LinkNode? = LinkNode(heap: heap)
        weakFinalizer = GC.finalizer(for: object!) { runs += 1 }
        withExtendedLifetime(object) {
            #expect(weakFinalizer != nil)
            #expect(weakFinalizer?.isAlive == true)
        }
        object = nil
        #expect(runs == 1)
        #expect(weakFinalizer == nil, "the registry lets go of a finalizer that ran")
    }

    @Test func theRegistryLetsGoOfADetachedFinalizer() {
        let heap = Heap()
        let object = LinkNode(heap: heap)
        weak var weakFinalizer: Finalizer?
        do {
            let finalizer = GC.finalizer(for: object) {}
            weakFinalizer = finalizer
            #expect(finalizer.detach())
        }
        #expect(weakFinalizer == nil)
        withExtendedLifetime(object) {}
    }

    @Test func theActionMayCallItsFinalizer() {
        let heap = Heap()
        var innerResults: [Bool] = []
        var handle: Finalizer?
        var object: LinkNode? = LinkNode(heap: heap)
        withExtendedLifetime(object) {
            handle = GC.finalizer(for: object!) {
                innerResults.append(handle?() ?? true)
                innerResults.append(handle?.isAlive ?? true)
            }
        }
        object = nil
        #expect(innerResults == [false, false])
        handle = nil
    }

    @Test func runsForAnObjectFreedWhenItsCycleIsCleared() {
        let heap = Heap()
        var runs = 0
        do {
            let a = LinkNode(heap: heap)
            let b = LinkNode(heap: heap)
            let c = LinkNode(heap: heap)
            a.next = b
            b.next = c
            c.next = a
            GC.finalizer(for: b) { runs += 1 }
        }
        #expect(heap.collect() == 3)
        #expect(runs == 1)
    }

    @Test func runsOnceForAnObjectSavedBySaveAll() {
        let heap = Heap()
        heap.debugFlags = .saveAll
        var runs = 0
        weak var weakObject: LinkNode?
        do {
            let a = LinkNode(heap: heap)
            let b = LinkNode(heap: heap)
            a.next = b
            b.next = a
            weakObject = a
            GC.finalizer(for: a) { runs += 1 }
        }
        #expect(heap.collect() == 2)
        #expect(runs == 1, "weak references are cleared and callbacks run before the garbage is saved")
        #expect(heap.garbage.count == 2)
        #expect(weakObject != nil)
        heap.debugFlags = []
        heap.garbage = []
        #expect(heap.collect() == 2)
        #expect(weakObject == nil)
        #expect(runs == 1)
    }
}
