import Reclaim

/// A node of the random graph that also holds a leaf object.
final class LeafyPairNode<Leaf: AnyObject>: GCObject, RandomGraphNode {
    var a: LeafyPairNode?
    var b: LeafyPairNode?
    let leaf: Leaf

    init(leaf: Leaf) {
        self.leaf = leaf
        super.init()
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        report(a, to: visit)
        report(b, to: visit)
        if let leaf = leaf as? GCObject { visit(leaf) }
    }

    override func clear() {
        a = nil
        b = nil
    }
}

/// A leaf of plain data whose class never overrides `traverse` (what `@Traced` generates for a
/// class without references): not tracked.
final class UntrackedLeaf: GCObject {
    var value = 0
}

/// The same leaf with a `traverse` that reports nothing: tracked, as every object was before
/// untracked classes existed.
final class TrackedLeaf: GCObject {
    var value = 0

    override func traverse(_ visit: (GCObject) -> Void) {}
}

/// The saving of not tracking objects that cannot hold references: a full collection of the
/// live random graph where each node holds one leaf object (CPython tracks its leaf instances).
enum LeafWorkloads {
    static func scan<Leaf: GCObject>(scale: Int, leaf: @escaping () -> Leaf) -> Workload.Measurement {
        let scan = RandomGraphWorkloads.measureScan(scale: scale) { LeafyPairNode(leaf: leaf()) }
        return .init(
            time: scan.time,
            detail: ["unreachable": Double(scan.unreachable), "tracked": Double(scan.tracked)]
        )
    }

    static let untracked = Workload(
        name: "scan-graph-untracked-leaves",
        summary: "workload 2 where each node also holds a leaf object of a class without traverse",
        plainVariant: "n/a: nothing to scan",
        target: .none,
        pythonWorkload: "scan-graph-with-leaves",
        reclaim: { scale in scan(scale: scale, leaf: UntrackedLeaf.init) },
        plain: nil
    )

    static let tracked = Workload(
        name: "scan-graph-tracked-leaves",
        summary: "the same, with leaves whose class has an empty traverse (tracked)",
        plainVariant: "n/a: nothing to scan",
        target: .none,
        pythonWorkload: "scan-graph-with-leaves",
        reclaim: { scale in scan(scale: scale, leaf: TrackedLeaf.init) },
        plain: nil
    )
}
