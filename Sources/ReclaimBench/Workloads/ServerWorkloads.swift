import Reclaim

/// Workload 12: a server's heap under automatic collection only. About 1 M live tracked
/// objects (950 of `DocumentWorkloads`' documents, pages and shapes with strong back-pointers);
/// each step replaces one random document with a new one, so the old one becomes garbage in
/// whatever generation it reached, and makes 200 short-lived two-object cycles. What matters
/// is the pauses (the longest and p99, against a full collection of the same live heap) and
/// how much garbage waits (the tracked count against the live count), sampled every 25 steps
/// as the CPython side samples `len(gc.get_objects())`.
enum ServerWorkloads {
    static let liveDocuments = 950
    static let stepsPerDocument = 2
    static let shortLivedCyclesPerStep = 200
    static let sampleEvery = 25

    /// Pauses and counts of one run, in milliseconds and ratios, as both languages report them.
    struct Report {
        var pauses: [Duration] = []
        var largestRatio = 0.0
        var fullCollection: Duration = .zero

        func detail(liveObjects: Int) -> [String: Double] {
            let sorted = pauses.sorted()
            let longest = sorted.last ?? .zero
            let p99 = sorted.isEmpty ? .zero : sorted[Int((Double(sorted.count) * 0.99).rounded(.up)) - 1]
            let total = pauses.reduce(.zero, +)
            return [
                "live objects": Double(liveObjects),
                "collections": Double(pauses.count),
                "longest pause ms": longest.seconds * 1e3,
                "p99 pause ms": p99.seconds * 1e3,
                "full collection of the live heap ms": fullCollection.seconds * 1e3,
                "longest / full": fullCollection == .zero ? 0 : longest / fullCollection,
                "collector ms": total.seconds * 1e3,
                "largest tracked / live": largestRatio,
            ]
        }
    }

    /// One run of the server loop in `mode`.
    static func measure(scale: Int, mode: CollectionMode) -> Workload.Measurement {
        let count = Swift.max(2, liveDocuments / scale)
        var documents: [TrackedDocument] = []
        var rng = SplitMix64(seed: 12)
        return measureLoop(
            mode: mode,
            liveObjects: count * DocumentWorkloads.objectsPerDocument,
            steps: count * stepsPerDocument,
            build: { documents = (0..<count).map { _ in DocumentWorkloads.document(TrackedDocument.self) } },
            step: {
                documents[Int(rng.next() % UInt64(count))] = DocumentWorkloads.document(TrackedDocument.self)
                makeShortLivedCycles(shortLivedCyclesPerStep)
            },
            release: { documents = [] }
        )
    }

    static func makeShortLivedCycles(_ count: Int) {
        for _ in 0..<count {
            let first = PairNode()
            let second = PairNode()
            first.a = second
            second.a = first
        }
    }

    /// Builds the live heap with `build`, then runs `step` `steps` times under automatic
    /// collection in `mode`, timing every pause and sampling the tracked count; then times a
    /// full collection of the live heap and calls `release`.
    static func measureLoop(
        mode: CollectionMode,
        liveObjects: Int,
        steps: Int,
        build: () -> Void,
        step: () -> Void,
        release: () -> Void
    ) -> Workload.Measurement {
        GC.collectionMode = mode
        defer { GC.collectionMode = .generational }
        GC.collect()
        build()
        GC.collect()
        let otherObjects = Heap.current.trackedCount - liveObjects
        var report = Report()
        let fullCollectionsBefore = GC.stats[2].collections
        GC.callbacks.append { phase, info in
            if phase == .stop { report.pauses.append(info.duration) }
        }
        let time = Stopwatch.time {
            for index in 0..<steps {
                step()
                if index % sampleEvery == 0 {
                    let tracked = Heap.current.trackedCount - otherObjects
                    report.largestRatio = Swift.max(report.largestRatio, Double(tracked) / Double(liveObjects))
                }
            }
        }
        GC.callbacks.removeLast()
        let automaticFullCollections = GC.stats[2].collections - fullCollectionsBefore
        GC.collect()
        report.fullCollection = Stopwatch.time { GC.collect() }
        release()
        var detail = report.detail(liveObjects: liveObjects)
        detail["automatic full collections"] = Double(automaticFullCollections)
        return .init(time: time, detail: detail)
    }

    /// The adversarial heap: 1 M nodes in one connected structure (a ring through `a`, random
    /// `b`), alive throughout; each of 2 000 steps makes 500 short-lived two-node cycles.
    static func measureConnected(scale: Int, mode: CollectionMode) -> Workload.Measurement {
        let count = Swift.max(2, 1_000_000 / scale)
        var nodes: [PairNode] = []
        return measureLoop(
            mode: mode,
            liveObjects: count,
            steps: Swift.max(1, 2_000 / scale),
            build: {
                var rng = SplitMix64(seed: 42)
                nodes = (0..<count).map { _ in PairNode() }
                for (index, node) in nodes.enumerated() {
                    node.a = nodes[(index + 1) % count]
                    node.b = nodes[Int(rng.next() % UInt64(count))]
                }
            },
            step: { makeShortLivedCycles(500) },
            release: {
                for node in nodes {
                    node.a = nil
                    node.b = nil
                }
                nodes = []
            }
        )
    }

    static let pythonDetail = [
        "longest pause ms", "p99 pause ms", "full collection of the live heap ms", "longest / full", "collector ms",
        "largest tracked / live",
    ]

    static let serverPauses = Workload(
        name: "server-pauses",
        summary: "≈1 M live tracked objects; one document replaced per step plus 200 short-lived cycles; automatic GC",
        plainVariant: "n/a: weak parents leave no cycles to collect",
        target: .none,
        reclaim: { scale in measure(scale: scale, mode: .generational) },
        plain: nil,
        runOnce: true,
        pythonDetail: pythonDetail
    )

    static let serverPausesIncremental = Workload(
        name: "server-pauses-incremental",
        summary: "the same server loop in incremental mode (the standard budget: 50 000 objects per collection)",
        plainVariant: "n/a: weak parents leave no cycles to collect",
        target: .none,
        pythonWorkload: "server-pauses",
        reclaim: { scale in measure(scale: scale, mode: .incremental(.standard)) },
        plain: nil,
        runOnce: true,
        pythonDetail: pythonDetail
    )

    static let serverPausesTimeBudget = Workload(
        name: "server-pauses-incremental-2ms",
        summary: "the same server loop in incremental mode with a 2 ms time budget per collection",
        plainVariant: "n/a: weak parents leave no cycles to collect",
        target: .none,
        pythonWorkload: "server-pauses",
        reclaim: { scale in measure(scale: scale, mode: .incremental(.time(.milliseconds(2)))) },
        plain: nil,
        runOnce: true,
        pythonDetail: pythonDetail
    )

    static let connectedHeap = Workload(
        name: "connected-heap",
        summary:
            "1 M live tracked objects in one connected structure; 2 000 steps of 500 short-lived cycles; automatic GC",
        plainVariant: "n/a",
        target: .none,
        reclaim: { scale in measureConnected(scale: scale, mode: .generational) },
        plain: nil,
        runOnce: true,
        pythonDetail: pythonDetail
    )

    static let connectedHeapIncremental = Workload(
        name: "connected-heap-incremental",
        summary: "the same connected heap in incremental mode (every increment meets the structure)",
        plainVariant: "n/a",
        target: .none,
        pythonWorkload: "connected-heap",
        reclaim: { scale in measureConnected(scale: scale, mode: .incremental(.standard)) },
        plain: nil,
        runOnce: true,
        pythonDetail: pythonDetail
    )
}
