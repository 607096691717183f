import Reclaim
import ReclaimInspection

/// A plain class (no `GCObject`, no annotations) with two strong references and a weak one,
/// as the Python side's `WalkNode`.
final class PlainWalkNode {
    var a: PlainWalkNode?
    var b: PlainWalkNode?
    weak var w: PlainWalkNode?
    var payload = 0
}

/// Workload 11: the reference graph of 1 M plain objects read from runtime metadata.
enum ObjectWalkWorkloads {
    /// 1 M plain nodes (divided by `scale`): `a` and `b` point to random nodes (the same
    /// SplitMix64 sequence as the other graph workloads), `w` weakly to node i/2.
    static func buildGraph(count: Int) -> [PlainWalkNode] {
        var rng = SplitMix64(seed: 42)
        let nodes = (0..<count).map { _ in PlainWalkNode() }
        for (index, node) in nodes.enumerated() {
            node.a = nodes[Int(rng.next() % UInt64(count))]
            node.b = nodes[Int(rng.next() % UInt64(count))]
            node.w = nodes[index / 2]
        }
        return nodes
    }

    /// The naive way: `Mirror` over every node, looking each child up by identity. It cannot
    /// tell `w` (weak) from the strong properties, so it is skipped by name, and it retains
    /// every child it shows.
    static func mirrorEdgeCount(_ nodes: [PlainWalkNode]) -> Int {
        var index: [ObjectIdentifier: Int] = [:]
        index.reserveCapacity(nodes.count)
        for (position, node) in nodes.enumerated() { index[ObjectIdentifier(node)] = position }
        var edges = 0
        for node in nodes {
            for child in Mirror(reflecting: node).children where child.label != "w" {
                if let target = child.value as? PlainWalkNode, index[ObjectIdentifier(target)] != nil { edges += 1 }
            }
        }
        return edges
    }

    static let walkPlainGraph = Workload(
        name: "walk-plain-graph",
        summary: "reference graph of 1 M plain objects (2 strong + 1 weak property) from runtime metadata",
        plainVariant: "the same graph through Mirror (blind to weak: w skipped by name)",
        target: .none,
        reclaim: { scale in
            let nodes = buildGraph(count: 1_000_000 / scale)
            let addresses = nodes.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) }
            // Layouts are computed once per type; the first walk of a type is not the measure.
            _ = ReferenceGraph(walking: Array(addresses.prefix(1)))
            var edges = 0
            let time = Stopwatch.time {
                let graph = ReferenceGraph(walking: addresses)
                edges = graph.edgeCount
            }
            withExtendedLifetime(nodes) {}
            let scan = RandomGraphWorkloads.measureScan(scale: scale, make: PairNode.init)
            let walkNanoseconds = time.seconds * 1e9 / Double(nodes.count)
            let scanNanoseconds = scan.time.seconds * 1e9 / Double(max(scan.tracked, 1))
            return .init(
                time: time,
                detail: [
                    "edges": Double(edges),
                    "ns per object": walkNanoseconds,
                    "collector scan ns per tracked object": scanNanoseconds,
                    "walk / collector scan": walkNanoseconds / scanNanoseconds,
                ]
            )
        },
        plain: { scale in
            let nodes = buildGraph(count: 1_000_000 / scale)
            var edges = 0
            let time = Stopwatch.time { edges = mirrorEdgeCount(nodes) }
            withExtendedLifetime(nodes) {}
            return .init(time: time, detail: ["edges": Double(edges)])
        }
    )
}

/// A tracked node whose second reference is captured by a closure (with an `Int`, so the
/// closure has a context object of its own), traced through the closure's captures as
/// `@Traced` traces a closure property.
final class ClosureNode: GCObject, RandomGraphNode {
    var a: ClosureNode?
    var onChange: (() -> Int)?

    var b: ClosureNode? {
        get { nil }
        set {
            guard let newValue else {
                onChange = nil
                return
            }
            let weight = 2
            onChange = { newValue.onChange == nil ? weight : 0 }
        }
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        report(a, to: visit)
        _TracedSupport.traceClosures(in: self, property: "onChange", visit)
    }

    override func clear() {
        a = nil
        onChange = nil
    }
}

extension ObjectWalkWorkloads {
    static let scanLiveClosures = Workload(
        name: "scan-live-graph-closures",
        summary: "workload 2 with each node's second reference captured by a closure it stores",
        plainVariant: "n/a: nothing to scan",
        target: .none,
        pythonWorkload: "scan-live-graph",
        reclaim: { scale in
            let scan = RandomGraphWorkloads.measureScan(scale: scale, make: ClosureNode.init)
            return .init(time: scan.time, detail: ["unreachable": Double(scan.unreachable)])
        },
        plain: nil
    )
}
