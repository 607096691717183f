import Dispatch
import Foundation
import Reclaim
import Testing

/// Which heap an object is created in: scopes, neighbors, and the stop for objects that a task
/// would create in some thread's default heap.
@Suite struct HeapScopeTests {
    @Test func trackingNamesTheHeapOfATrackedObjectOnly() {
        let heap = Heap()
        let node = LinkNode(heap: heap)
        #expect(Heap.tracking(node) === heap)
        let untracked = UntrackedObject(heap: heap)
        #expect(Heap.tracking(untracked) == nil)
    }

    @Test func sameHeapAsCreatesTheObjectNextToItsNeighbor() {
        let heap = Heap()
        let document = LinkNode(heap: heap)
        let page = NeighborNode(sameHeapAs: document)
        #expect(Heap.tracking(page) === heap)
        #expect(heap.isTracked(page))
    }

    @Test func aSynchronousScopeMakesItsHeapCurrentForInitAndGC() {
        let outer = Heap()
        let inner = Heap()
        outer.withCurrent {
            let first = LinkNode()
            #expect(Heap.tracking(first) === outer)
            inner.withCurrent {
                let second = LinkNode()
                second.next = second
                #expect(Heap.tracking(second) === inner)
                #expect(Heap.current === inner)
            }
            #expect(inner.trackedCount == 1)
            #expect(Heap.current === outer)
            #expect(LinkNode().next == nil && outer.trackedCount == 1, "the temporary went at once")
        }
        #expect(inner.withCurrent { GC.collect() } == 1, "GC collects the scoped heap")
    }

    @Test func anAsynchronousScopeFollowsTheTaskAcrossSuspensions() async {
        let heap = Heap()
        let count = await heap.withCurrent {
            var made: [LinkNode] = []
            for _ in 0..<20 {
                made.append(makeNodeInAHelper())
                await Task.yield()
            }
            return made.filter { Heap.tracking($0) === heap }.count
        }
        #expect(count == 20)
        #expect(heap.trackedCount == 0)
    }

    @MainActor
    @Test func mainActorCodeMayUseTheMainThreadsDefaultHeap() {
        let node = LinkNode()
        #expect(Heap.tracking(node) != nil)
    }

    @Test func anObjectCreatedInADefaultHeapFromATaskStopsWithAMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            await Task.detached { _ = makeNodeInAHelper() }.value
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("LinkNode was created in the default heap of a thread from inside a task"))
        #expect(message.contains("heap.withCurrent"))
    }

    @Test func aSubclassWithItsOwnInitializerIsStoppedToo() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            await Task.detached { _ = NamedNode(name: "page") }.value
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("NamedNode was created in the default heap of a thread from inside a task"))
    }

    @Test func aChildTaskThatInheritsAScopeIsStopped() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let heap = Heap()
            await heap.withCurrent {
                await Task { _ = makeNodeInAHelper() }.value
            }
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("was created in a child task of the task that made its heap current"))
    }

    @MainActor
    @Test func aTaskThatOutlivesTheScopeItInheritedUsesTheMainHeapAgain() async {
        // An unstructured task inherits the scope's task-local value; once the scope is closed
        // (and its heap gone), that value means nothing, and main-actor code uses the main heap.
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        weak var weakScoped: Heap?
        var late: Task<Bool, Never>?
        do {
            let scoped = Heap()
            weakScoped = scoped
            await scoped.withCurrent {
                await Task.yield()
                late = Task { @MainActor in
                    for await _ in gate { break }
                    return Heap.tracking(makeNodeInAHelper()) === currentHeapInAHelper()
                }
            }
        }
        #expect(weakScoped == nil, "the scope's heap is gone")
        // Another scope is open meanwhile, so the late task does look at task-local scopes.
        let other = Heap()
        let inMainHeap = await other.withCurrent {
            open.yield()
            return await late?.value
        }
        #expect(inMainHeap == true, "the main heap, not the closed scope's")
    }

    @Test func synchronousCodeInsideAnAsynchronousScopeSeesItsHeap() async {
        let (seesHeap, collections) = await Task.detached {
            let heap = Heap()
            return await heap.withCurrent {
                await Task.yield()
                let seesHeap = currentHeapInAHelper() === heap
                collectInAHelper()
                return (seesHeap, heap.stats[2].collections)
            }
        }.value
        #expect(seesHeap, "Heap.current in synchronous code called from the scope")
        #expect(collections == 1, "GC.collect() collected the scoped heap")
    }

    @Test func mainQueueBlocksUseTheMainHeap() async {
        let mainHeap = await MainActor.run { ObjectIdentifier(currentHeapInAHelper()) }
        let (createdThere, currentThere) = await withCheckedContinuation { continuation in
            DispatchQueue.main.async {
                let node = makeNodeInAHelper()
                continuation.resume(
                    returning: (
                        Heap.tracking(node).map(ObjectIdentifier.init) == mainHeap,
                        ObjectIdentifier(currentHeapInAHelper()) == mainHeap
                    )
                )
            }
        }
        #expect(createdThere, "whichever thread drains the main queue")
        #expect(currentThere)
    }

    /// The first object of a program, made in a task before any heap exists: its class never
    /// overrides `traverse(_:)`, so it needs no heap, although the probes that tell tracked
    /// classes from untracked ones run with the first heap (the exit test's process has none).
    @Test func anUntrackedObjectMadeInATaskBeforeAnyHeapExistsNeedsNoHeap() async {
        await #expect(processExitsWith: .success) {
            let tracked = await Task.detached { Heap.tracking(UntrackedObject()) != nil }.value
            guard !tracked else { exit(1) }
        }
    }

    @Test func sameHeapAsAnUntrackedObjectStopsWithAMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NeighborNode(sameHeapAs: UntrackedObject(heap: Heap()))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("init(sameHeapAs:) was given a UntrackedObject, which no heap tracks"))
    }

    /// What a task started with `Task.immediate` inside a thread's synchronous scope creates
    /// before its first suspension goes to the scope's heap, whether or not a task-bound scope
    /// is open elsewhere in the process (the fast and the slow path agree).
    @Test func anImmediateTaskInASynchronousScopeUsesItsHeapUntilItSuspends() async {
        func runOnAThread() -> (inScopeHeap: Bool, currentIsScopeHeap: Bool) {
            let result = ResultBox()
            let thread = Thread {
                let heap = Heap()
                let scoped = ObjectIdentifier(heap)
                _ = heap.withCurrent {
                    Task.immediate {
                        let node = makeNodeInAHelper()
                        result.set(
                            Heap.tracking(node).map(ObjectIdentifier.init) == scoped,
                            ObjectIdentifier(currentHeapInAHelper()) == scoped
                        )
                    }
                }
            }
            thread.start()
            while !thread.isFinished { usleep(1000) }
            return result.get()
        }
        let fast = runOnAThread()
        #expect(fast.inScopeHeap && fast.currentIsScopeHeap)

        // With a task-bound scope open elsewhere, creation takes the slow path.
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        let (opened, signalOpened) = AsyncStream.makeStream(of: Void.self)
        let holder = Task.detached {
            let other = Heap()
            await other.withCurrent {
                signalOpened.yield()
                for await _ in gate { break }
            }
        }
        for await _ in opened { break }
        let slow = runOnAThread()
        open.yield()
        await holder.value
        #expect(slow.inScopeHeap && slow.currentIsScopeHeap)
    }

    /// Results a thread hands back.
    private final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var values = (false, false)

        func set(_ first: Bool, _ second: Bool) { lock.withLock { values = (first, second) } }
        func get() -> (Bool, Bool) { lock.withLock { values } }
    }

    @Test func untrackedClassesNeedNoHeapInATask() async {
        let tracked = await Task.detached { Heap.tracking(UntrackedObject()) != nil }.value
        #expect(!tracked)
    }
}

/// The current heap, as synchronous code that takes no heap sees it.
private func currentHeapInAHelper() -> Heap {
    Heap.current
}

/// Collects the current heap, as synchronous code that takes no heap does.
private func collectInAHelper() {
    GC.collect()
}

/// Creates a node with `LinkNode()`, the way a synchronous helper that takes no heap does.
private func makeNodeInAHelper() -> LinkNode {
    LinkNode()
}

/// A subclass that declares its own initializer (so it does not inherit `init(heap:)`).
final class NamedNode: GCObject {
    let name: String
    var next: NamedNode?

    init(name: String) {
        self.name = name
        super.init()
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
    }
}

/// A node that inherits `init(sameHeapAs:)`.
final class NeighborNode: GCObject {
    var next: GCObject?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
    }
}

/// A class that never overrides `traverse(_:)`: never tracked.
final class UntrackedObject: GCObject {
    var value = 0
}
