import Dispatch
import Foundation
import Reclaim

/// A tracked node with one reference, as a model's smallest object.
final class AllocatedNode: GCObject {
    var next: AllocatedNode?

    override func traverse(_ visit: (GCObject) -> Void) {
        report(next, to: visit)
    }
}

/// The same node as a plain class.
final class PlainAllocatedNode {
    var next: PlainAllocatedNode?
}

/// What it costs to create a tracked object, by where it is created: `GCObject()` on the main
/// thread (which remembers its heap), on another thread (which asks the runtime for the current
/// task every time, since a task could run there), and with the heap passed in.
enum AllocationWorkloads {
    /// Objects created (and freed at once) per run.
    static func count(scale: Int) -> Int { 10_000_000 / scale }

    /// Runs `body` on a new thread and waits for it.
    static func onWorkerThread(_ body: @escaping @Sendable () -> Workload.Measurement) -> Workload.Measurement {
        let result = LockedMeasurement()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            result.value = body()
            done.signal()
        }
        thread.start()
        done.wait()
        return result.value
    }

    static func allocateTracked(count: Int, make: () -> AllocatedNode) -> Workload.Measurement {
        var last: AllocatedNode?
        let time = Stopwatch.time {
            for _ in 0..<count { last = make() }
        }
        AllocationTracingWorkloads.blackHole(last)
        return .init(time: time, detail: ["ns per object": time.seconds * 1e9 / Double(count)])
    }

    /// A plain node, made where the optimizer cannot remove the allocation.
    @inline(never)
    static func makePlain() -> PlainAllocatedNode {
        PlainAllocatedNode()
    }

    static func allocatePlain(count: Int) -> Workload.Measurement {
        var last: PlainAllocatedNode?
        let time = Stopwatch.time {
            for _ in 0..<count { last = makePlain() }
        }
        AllocationTracingWorkloads.blackHole(last)
        return .init(time: time, detail: ["ns per object": time.seconds * 1e9 / Double(count)])
    }

    static let mainThread = Workload(
        name: "allocate-main-thread",
        summary: "10 M tracked objects created with GCObject() and freed, on the main thread",
        plainVariant: "the same class without GCObject",
        target: .none,
        reclaim: { scale in allocateTracked(count: count(scale: scale)) { AllocatedNode() } },
        plain: { scale in allocatePlain(count: count(scale: scale)) },
        hasPython: false
    )

    static let workerThread = Workload(
        name: "allocate-worker-thread",
        summary: "the same on another thread, in its default heap",
        plainVariant: "the same class without GCObject",
        target: .none,
        reclaim: { scale in
            onWorkerThread { allocateTracked(count: count(scale: scale)) { AllocatedNode() } }
        },
        plain: { scale in onWorkerThread { allocatePlain(count: count(scale: scale)) } },
        hasPython: false
    )

    static let workerThreadWithHeap = Workload(
        name: "allocate-worker-thread-heap",
        summary: "the same on another thread, with init(heap:)",
        plainVariant: "the same class without GCObject",
        target: .none,
        reclaim: { scale in
            onWorkerThread {
                let heap = Heap()
                return allocateTracked(count: count(scale: scale)) { AllocatedNode(heap: heap) }
            }
        },
        plain: { scale in onWorkerThread { allocatePlain(count: count(scale: scale)) } },
        hasPython: false
    )
}

/// A measurement handed from a worker thread to the waiting one (the semaphore orders them).
private final class LockedMeasurement: @unchecked Sendable {
    var value = Workload.Measurement(time: .zero)
}
