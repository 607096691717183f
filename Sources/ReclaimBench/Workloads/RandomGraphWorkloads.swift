import Reclaim

/// A tracked node with two strong references, as in the Python side's `GraphNode`.
final class PairNode: GCObject {
    var a: PairNode?
    var b: PairNode?

    override func traverse(_ visit: (GCObject) -> Void) {
        report(a, to: visit)
        report(b, to: visit)
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
        buildGraph(count: count, make: PairNode.init)
    }

    static func buildGraph<Node: GCObject>(count: Int, make: () -> Node) -> [Node]
    where Node: RandomGraphNode {
        var rng = SplitMix64(seed: 42)
        let nodes = (0..<count).map { _ in make() }
        for node in nodes {
            node.a = nodes[Int(rng.next() % UInt64(count))]
            node.b = nodes[Int(rng.next() % UInt64(count))]
        }
        return nodes
    }

    /// What a full collection of a live random graph measured.
    struct ScanMeasurement {
        var time: Duration
        var unreachable: Int
        /// Tracked objects, counted before the timed collection.
        var tracked: Int
        /// `Heap.collectorMemoryFootprint` before the timed collection.
        var collectorBytes: Int
    }

    /// The measured part of workload 2 and its variants: a full collection of a live 1 M-node
    /// random graph (divided by `scale`) whose nodes `make` creates, after one untimed
    /// collection has settled every node into generation 2.
    static func measureScan<Node: GCObject>(scale: Int, make: () -> Node) -> ScanMeasurement
    where Node: RandomGraphNode {
        GC.disable()
        defer { GC.enable() }
        GC.collect()
        let nodes = buildGraph(count: 1_000_000 / scale, make: make)
        GC.collect()
        let bytes = Heap.current.collectorMemoryFootprint
        let tracked = Heap.current.trackedCount
        var found = 0
        let time = Stopwatch.time { found = GC.collect() }
        withExtendedLifetime(nodes) {}
        return ScanMeasurement(time: time, unreachable: found, tracked: tracked, collectorBytes: bytes)
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
            // Dropping the graph's array freed the nodes no cycle reaches: part of the setup,
            // as CPython's `del nodes` is (see `SetupFrees`).
            let pending = SetupFrees.fastListBytes()
            let settling = SetupFrees.settle()
            let left = SetupFrees.fastListBytes()
            var found = 0
            let time = Stopwatch.time { found = GC.collect() }
            var detail = ["unreachable": Double(found), "setup frees settled ms": settling.seconds * 1000]
            // Reported only where glibc's `malloc_info` answers.
            detail["fast-list bytes after setup"] = pending.map(Double.init)
            detail["fast-list bytes at start"] = left.map(Double.init)
            return .init(time: time, detail: detail)
        },
        plain: nil
    )

    static let scanLive = Workload(
        name: "scan-live-graph",
        summary: "full collection of the same graph while it is alive",
        plainVariant: "n/a: nothing to scan",
        target: .fasterThanPython(factor: 3),
        reclaim: { scale in
            let scan = measureScan(scale: scale, make: PairNode.init)
            return .init(
                time: scan.time,
                detail: [
                    "unreachable": Double(scan.unreachable),
                    "collector bytes per object": Double(scan.collectorBytes) / Double(max(scan.tracked, 1)),
                ]
            )
        },
        plain: nil
    )

    static let scanLiveTraced = Workload(
        name: "scan-live-graph-traced",
        summary: "workload 2 with nodes whose traverse and clear are @Traced's generated code",
        plainVariant: "n/a: nothing to scan",
        target: .none,
        pythonWorkload: "scan-live-graph",
        reclaim: { scale in
            let scan = measureScan(scale: scale, make: TracedPairNode.init)
            return .init(time: scan.time, detail: ["unreachable": Double(scan.unreachable)])
        },
        plain: nil
    )

    static let scanLiveRetaining = Workload(
        name: "scan-live-graph-retaining",
        summary: "workload 2 with nodes whose traverse retains what it reports (if let a { visit(a) })",
        plainVariant: "n/a: nothing to scan",
        target: .none,
        pythonWorkload: "scan-live-graph",
        reclaim: { scale in
            let scan = measureScan(scale: scale, make: RetainingPairNode.init)
            return .init(time: scan.time, detail: ["unreachable": Double(scan.unreachable)])
        },
        plain: nil
    )
}

/// A node with two settable references, so one graph builder serves both node kinds.
protocol RandomGraphNode: AnyObject {
    var a: Self? { get set }
    var b: Self? { get set }
}

extension PairNode: RandomGraphNode {}
extension RetainingPairNode: RandomGraphNode {}
