import Reclaim

/// A tracked node with a growable list of strong references.
final class TrackedChurnNode: GCObject {
    var edges: [TrackedChurnNode] = []

    override func traverse(_ visit: (GCObject) -> Void) {
        for edge in edges { visit(edge) }
    }

    override func clear() { edges = [] }
}

/// The plain Swift node: strong references only, so the cycles the workload creates leak.
final class PlainChurnNode {
    var edges: [PlainChurnNode] = []
}

/// Workload 6: 1 M random operations over 50 roots (add node, add edge, drop edge, replace a
/// root), the same sequence as the Python side, with automatic collection on.
enum ChurnWorkload {
    /// The operations, generic over the node type so both variants run the same code.
    static func run<Node: AnyObject>(
        operations: Int,
        make: () -> Node,
        edges: ReferenceWritableKeyPath<Node, [Node]>
    ) {
        var rng = SplitMix64(seed: 7)
        var roots = (0..<50).map { _ in make() }
        func pick() -> Node {
            var node = roots[rng.below(50)]
            for _ in 0..<rng.below(4) {
                let out = node[keyPath: edges]
                if out.isEmpty { break }
                node = out[rng.below(out.count)]
            }
            return node
        }
        for _ in 0..<operations {
            let operation = rng.below(100)
            let node = pick()
            switch operation {
            case 0..<30:
                node[keyPath: edges].append(make())
            case 30..<60:
                node[keyPath: edges].append(pick())
            case 60..<85:
                let count = node[keyPath: edges].count
                if count > 0 {
                    let position = rng.below(count)
                    node[keyPath: edges].swapAt(position, count - 1)
                    node[keyPath: edges].removeLast()
                }
            default:
                roots[rng.below(50)] = make()
            }
        }
        withExtendedLifetime(roots) {}
    }

    static let churn = Workload(
        name: "churn",
        summary: "1 M random operations (add node/edge, drop edge/root) over 50 roots, auto GC",
        plainVariant: "strong refs only (leaks every cycle it makes)",
        target: .none,
        reclaim: { scale in
            GC.collect()
            let before = GC.stats
            let time = Stopwatch.time {
                run(operations: 1_000_000 / scale, make: { TrackedChurnNode() }, edges: \.edges)
                GC.collect()
            }
            return .init(time: time, detail: CollectorActivity.since(before))
        },
        plain: { scale in
            let time = Stopwatch.time {
                run(operations: 1_000_000 / scale, make: { PlainChurnNode() }, edges: \.edges)
            }
            return .init(time: time)
        }
    )
}
