import Reclaim

/// Workload 7: the time of one young collection (1 000 young garbage objects) while 100 K,
/// then 10 M long-lived objects sit in generation 2. The target is that the two are equal.
enum YoungCollectionWorkloads {
    static func measure(oldCount: Int) -> Workload.Measurement {
        GC.disable()
        defer { GC.enable() }
        GC.collect()
        let old = (0..<oldCount).map { _ in PairNode() }
        GC.collect()
        let repetitions = 200
        var total = Duration.zero
        for _ in 0..<repetitions {
            for _ in 0..<1000 {
                let node = PairNode()
                node.a = node
            }
            total += Stopwatch.time { GC.collect(generation: 0) }
        }
        let bytes = Heap.current.collectorMemoryFootprint
        let tracked = Heap.current.trackedCount
        withExtendedLifetime(old) {}
        return .init(
            time: total / repetitions,
            detail: [
                "old objects": Double(oldCount), "collector bytes per object": Double(bytes) / Double(max(tracked, 1)),
            ]
        )
    }

    static let withSmallOldGeneration = Workload(
        name: "young-with-100k-old",
        summary: "one young collection (1 000 garbage objects) beside 100 K old objects",
        plainVariant: "n/a",
        target: .none,
        reclaim: { scale in measure(oldCount: 100_000 / scale) },
        plain: nil
    )

    static let withLargeOldGeneration = Workload(
        name: "young-with-10m-old",
        summary: "the same young collection beside 10 M old objects",
        plainVariant: "n/a",
        target: .none,
        reclaim: { scale in measure(oldCount: 10_000_000 / scale) },
        plain: nil,
        runOnce: true
    )
}
