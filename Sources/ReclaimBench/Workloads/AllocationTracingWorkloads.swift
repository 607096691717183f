import CReclaimTracing
import Foundation
import ReclaimInspection
import ReclaimTracing

/// A small class instance: 16 bytes of header and one stored integer.
final class SmallObject {
    var value = 0
}

/// The cost of `AllocationTracer` (Reclaim's tracemalloc) on an allocation-heavy job, against
/// CPython's `tracemalloc` on the same job, and the cost of the malloc interposer while not
/// tracing, which every program linking ReclaimInspection pays.
enum AllocationTracingWorkloads {
    static let objectCount = 300_000

    /// Keeps `value` alive and opaque to the optimizer, so allocations are not removed.
    @inline(never)
    static func blackHole<T>(_ value: T) {
        withExtendedLifetime(value) {}
    }

    /// Allocates `count` small objects into an array, then frees them all.
    @inline(never)
    static func allocateObjects(_ count: Int) -> Int {
        var objects: [SmallObject] = []
        for _ in 0..<count {
            objects.append(SmallObject())
        }
        blackHole(objects)
        return objects.count
    }

    /// One malloc(32)/free pair through the interposer, unoptimized so the pair is not removed.
    @_optimize(none)
    static func interposedPair() {
        free(malloc(32))
    }

    /// One pair through glibc directly, compiled the same way.
    @_optimize(none)
    static func unhookedPair() {
        reclaim_tracing_unhooked_free(reclaim_tracing_unhooked_malloc(32))
    }

    /// The traced variant: the same job with `frames` frames per traceback.
    static func traced(frames: Int, stackWalk: StackWalk = .framePointers, scale: Int) -> Workload.Measurement {
        let count = objectCount / scale
        _ = allocateObjects(count)
        do {
            try AllocationTracer.start(frames: frames, stackWalk: stackWalk)
        } catch {
            fatalError("\(error)")
        }
        let probe = SmallObject()
        let framesSeen = AllocationTracer.traceback(of: probe)?.totalFrameCount ?? 0
        let time = Stopwatch.time { blackHole(allocateObjects(count)) }
        AllocationTracer.stop()
        return .init(time: time, detail: ["objects": Double(count), "stack depth seen": Double(framesSeen)])
    }

    static func untraced(scale: Int) -> Workload.Measurement {
        let count = objectCount / scale
        _ = allocateObjects(count)
        return .init(time: Stopwatch.time { blackHole(allocateObjects(count)) })
    }

    /// The allocation job traced with `frames` frames per traceback, against the same job
    /// untraced and CPython's tracemalloc with as many frames.
    static func tracedWorkload(
        name: String,
        summary: String,
        frames: Int,
        stackWalk: StackWalk = .framePointers,
        pythonWorkload: String? = nil
    ) -> Workload {
        Workload(
            name: name,
            summary: summary,
            plainVariant: "the same with tracing off",
            target: .none,
            pythonWorkload: pythonWorkload,
            reclaim: { scale in traced(frames: frames, stackWalk: stackWalk, scale: scale) },
            plain: { scale in untraced(scale: scale) },
            pythonDetail: ["slowdown"]
        )
    }

    static let oneFrame = tracedWorkload(
        name: "tracemalloc-1-frame",
        summary: "300 K small objects into a list, traced with 1 frame (Swift: AllocationTracer)",
        frames: 1
    )

    static let twentyFiveFrames = tracedWorkload(
        name: "tracemalloc-25-frames",
        summary: "the same, traced with 25 frames",
        frames: 25
    )

    static let twentyFiveFramesUnwound = tracedWorkload(
        name: "tracemalloc-25-frames-unwind",
        summary: "the same, 25 frames captured with the unwind tables (exact where frame pointers are omitted)",
        frames: 25,
        stackWalk: .unwindTables,
        pythonWorkload: "tracemalloc-25-frames"
    )

    /// Symbolizes, with a cold cache, every distinct frame of the live traces that decoding a
    /// JSON document with Foundation leaves (25 frames each): the cost of the first `statistics`.
    static let symbolization = Workload(
        name: "tracemalloc-symbolize",
        summary: "first statistics(groupedBy: .traceback) over the traces of a decoded JSON document, 25 frames",
        plainVariant: "n/a",
        target: .none,
        reclaim: { scale in
            do {
                let records = (0..<20_000 / scale).map {
                    ["name": "item \($0)", "values": [$0, $0 + 1]] as [String: Any]
                }
                let data = try JSONSerialization.data(withJSONObject: records)
                try AllocationTracer.start(frames: 25)
                defer { AllocationTracer.stop() }
                let decoded = try JSONSerialization.jsonObject(with: data)
                let snapshot = try AllocationTracer.snapshot()
                let addresses = Set(snapshot.traces.lazy.flatMap { $0.traceback.frames.map(\.address) })
                var groups = 0
                let time = try Stopwatch.measure { groups = try snapshot.statistics(groupedBy: .traceback).count }
                blackHole(decoded)
                return .init(
                    time: time,
                    detail: [
                        "distinct frames": Double(addresses.count), "tracebacks": Double(groups),
                        "µs per frame": time.seconds * 1e6 / Double(max(1, addresses.count)),
                    ]
                )
            } catch {
                fatalError("\(error)")
            }
        },
        plain: nil,
        hasPython: false
    )

    static let interposerOff = Workload(
        name: "malloc-interposer-off",
        summary: "10 M malloc(32)/free pairs through the interposer while not tracing",
        plainVariant: "glibc's __libc_malloc/__libc_free directly",
        target: .none,
        reclaim: { scale in
            let count = 10_000_000 / scale
            return .init(
                time: Stopwatch.time {
                    for _ in 0..<count { interposedPair() }
                },
                detail: ["pairs": Double(count)]
            )
        },
        plain: { scale in
            let count = 10_000_000 / scale
            return .init(
                time: Stopwatch.time {
                    for _ in 0..<count { unhookedPair() }
                }
            )
        },
        hasPython: false
    )
}
