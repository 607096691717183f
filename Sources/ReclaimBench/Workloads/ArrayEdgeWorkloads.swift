import Reclaim

/// A node of the random graph whose two edges are in an array, reported as `@Traced` reports
/// a `final` class's array (its expansion, written out like `TracedPairNode`): passed `inout`,
/// so a buffer only this node refers to is read in place.
final class ArrayEdgeNode: GCObject, ArrayEdgeGraphNode {
    var edges: [ArrayEdgeNode] = []

    override func traverse(_ visit: (Reclaim.GCObject) -> Void) {
        Reclaim._TracedSupport.trace(&self.edges, visit)
    }

    override func clear() {
        Reclaim._TracedSupport.clear(&self.edges)
    }
}

/// The same node with the hand-written `traverse` the README shows: `traceReferences` on a
/// copy of the property, so every non-empty buffer is a storage node of the scan.
final class HandWrittenArrayEdgeNode: GCObject, ArrayEdgeGraphNode {
    var edges: [HandWrittenArrayEdgeNode] = []

    override func traverse(_ visit: (GCObject) -> Void) {
        edges.traceReferences(visit)
    }

    override func clear() {
        edges = []
    }
}

protocol ArrayEdgeGraphNode: GCObject {
    var edges: [Self] { get set }
}

/// What reading an array in place saves: a full collection of a live 1 M-node random graph
/// whose two edges per node are in an array (CPython: a list per node).
enum ArrayEdgeWorkloads {
    static func measureScan<Node: ArrayEdgeGraphNode>(scale: Int, make: () -> Node) -> Workload.Measurement {
        GC.disable()
        defer { GC.enable() }
        GC.collect()
        var rng = SplitMix64(seed: 42)
        let count = 1_000_000 / scale
        let nodes = (0..<count).map { _ in make() }
        for node in nodes {
            node.edges = [nodes[Int(rng.next() % UInt64(count))], nodes[Int(rng.next() % UInt64(count))]]
        }
        GC.collect()
        var found = 0
        let time = Stopwatch.time { found = GC.collect() }
        let storageNodes = Heap.current.storageNodesInLastCollection
        withExtendedLifetime(nodes) {}
        return .init(time: time, detail: ["unreachable": Double(found), "storage nodes": Double(storageNodes)])
    }

    static let inPlace = Workload(
        name: "scan-live-graph-array-edges",
        summary: "workload 2 with the two edges in an array, reported as @Traced does (read in place)",
        plainVariant: "n/a: nothing to scan",
        target: .none,
        pythonWorkload: "scan-live-graph-list-edges",
        reclaim: { scale in measureScan(scale: scale, make: ArrayEdgeNode.init) },
        plain: nil
    )

    static let handWritten = Workload(
        name: "scan-live-graph-array-edges-by-hand",
        summary: "the same with a hand-written traverse (the array is read through a copy)",
        plainVariant: "n/a: nothing to scan",
        target: .none,
        pythonWorkload: "scan-live-graph-list-edges",
        reclaim: { scale in measureScan(scale: scale, make: HandWrittenArrayEdgeNode.init) },
        plain: nil
    )
}
