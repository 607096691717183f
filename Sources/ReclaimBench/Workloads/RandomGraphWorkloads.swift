import Reclaim

/// A tracked node with two strong references, as in the Python side's `GraphNode`.
final class PairNode: GCObject {
    var a: PairNode?
    var b: PairNode?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let a { visit(a) }
        if let b { visit(b) }
    }

    override func clear() {
        a = nil
        b = nil
    }
}

/// Workloads 1 and 2: a random graph of 1 M nodes with out-degree 2, built from the same
/// SplitMix64 sequence as the Python side.
enum RandomGraphWorkloads {
    static func buildGraph(count: Int) -> [PairNode] {
        var rng = SplitMix64(seed: 42)
        let nodes = (0..<count).map { _ in PairNode() }
        for node in nodes {
            node.a = nodes[Int(rng.next() % UInt64(count))]
            node.b = nodes[Int(rng.next() % UInt64(count))]
        }
        return nodes
    }

    static let collectGarbage = Workload(
        name: "collect-garbage-graph",
        summary: "collect a 1 M-node random graph (out-degree 2) that is garbage",
        plainVariant: "n/a: plain ARC cannot free it",
        target: .fasterThanPython(factor: 3),
        reclaim: { scale in
            GC.disable()
            defer { GC.enable() }
            GC.collect()
            _ = buildGraph(count: 1_000_000 / scale)
            var found = 0
            let time = Stopwatch.time { found = GC.collect() }
            return .init(time: time, detail: ["unreachable": found])
        },
        plain: nil
    )

    static let scanLive = Workload(
        name: "scan-live-graph",
        summary: "full collection of the same graph while it is alive",
        plainVariant: "n/a: nothing to scan",
        target: .fasterThanPython(factor: 3),
        reclaim: { scale in
            GC.disable()
            defer { GC.enable() }
            GC.collect()
            let nodes = buildGraph(count: 1_000_000 / scale)
            GC.collect()
            let bytes = Heap.current.collectorMemoryFootprint
            let tracked = Heap.current.trackedCount
            var found = 0
            let time = Stopwatch.time { found = GC.collect() }
            withExtendedLifetime(nodes) {}
            return .init(
                time: time,
                detail: ["unreachable": found, "collector bytes per object": bytes / max(tracked, 1)]
            )
        },
        plain: nil
    )
}
