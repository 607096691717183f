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

    static let serverPauses = Workload(
        name: "server-pauses",
        summary: "≈1 M live tracked objects; one document replaced per step plus 200 short-lived cycles; automatic GC",
        plainVariant: "n/a: weak parents leave no cycles to collect",
        target: .none,
        reclaim: { scale in
            GC.collect()
            let count = Swift.max(2, liveDocuments / scale)
            let liveObjects = count * DocumentWorkloads.objectsPerDocument
            var documents = (0..<count).map { _ in DocumentWorkloads.document(TrackedDocument.self) }
            GC.collect()
            let otherObjects = Heap.current.trackedCount - liveObjects
            var report = Report()
            var measuring = true
            GC.callbacks.append { phase, info in
                if measuring, phase == .stop { report.pauses.append(info.duration) }
            }
            var rng = SplitMix64(seed: 12)
            let time = Stopwatch.time {
                for step in 0..<(count * stepsPerDocument) {
                    documents[Int(rng.next() % UInt64(count))] = DocumentWorkloads.document(TrackedDocument.self)
                    for _ in 0..<shortLivedCyclesPerStep {
                        let first = PairNode()
                        let second = PairNode()
                        first.a = second
                        second.a = first
                    }
                    if step % sampleEvery == 0 {
                        let tracked = Heap.current.trackedCount - otherObjects
                        report.largestRatio = Swift.max(report.largestRatio, Double(tracked) / Double(liveObjects))
                    }
                }
            }
            measuring = false
            GC.callbacks.removeLast()
            GC.collect()
            report.fullCollection = Stopwatch.time { GC.collect() }
            withExtendedLifetime(documents) {}
            return .init(time: time, detail: report.detail(liveObjects: liveObjects))
        },
        plain: nil,
        runOnce: true,
        pythonDetail: [
            "longest pause ms", "p99 pause ms", "full collection of the live heap ms", "longest / full",
            "collector ms", "largest tracked / live",
        ]
    )
}
