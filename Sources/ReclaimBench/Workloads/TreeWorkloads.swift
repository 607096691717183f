import Reclaim

/// A tracked binary tree node with an optional strong parent reference.
final class TrackedTreeNode: GCObject {
    var left: TrackedTreeNode?
    var right: TrackedTreeNode?
    var parent: TrackedTreeNode?

    init(parent: TrackedTreeNode?) {
        self.parent = parent
        super.init()
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        report(left, to: visit)
        report(right, to: visit)
        report(parent, to: visit)
    }

    override func clear() {
        left = nil
        right = nil
        parent = nil
    }
}

/// A tracked binary tree node without a parent reference, for the acyclic workload.
final class TrackedBinaryNode: GCObject {
    var left: TrackedBinaryNode?
    var right: TrackedBinaryNode?

    override func traverse(_ visit: (GCObject) -> Void) {
        report(left, to: visit)
        report(right, to: visit)
    }

    override func clear() {
        left = nil
        right = nil
    }
}

/// The hand-written plain Swift tree: a `weak` parent breaks the cycle.
final class WeakParentTreeNode {
    var left: WeakParentTreeNode?
    var right: WeakParentTreeNode?
    weak var parent: WeakParentTreeNode?

    init(parent: WeakParentTreeNode?) { self.parent = parent }
}

/// An empty root class: `WeakParentSubclassTreeNode` derives from it, as every tracked class
/// derives from `GCObject`.
class WeakParentTreeBase {}

/// `WeakParentTreeNode` as a subclass. The deallocating deinit Swift generates for a subclass
/// retains and releases `self` around destroying the stored properties, which a root class's
/// does not; `GCObject` classes, being subclasses, do it too.
final class WeakParentSubclassTreeNode: WeakParentTreeBase {
    var left: WeakParentSubclassTreeNode?
    var right: WeakParentSubclassTreeNode?
    weak var parent: WeakParentSubclassTreeNode?

    init(parent: WeakParentSubclassTreeNode?) { self.parent = parent }
}

/// The plain Swift tree without parent pointers.
final class PlainTreeNode {
    var left: PlainTreeNode?
    var right: PlainTreeNode?
}

/// Workloads 3 and 4: binary trees of depth 15, built and dropped 40 times, with automatic
/// collection on. Two more rows take workload 3 apart: collected after each drop (each node
/// scanned once), and compared with a plain tree of the same class shape.
enum TreeWorkloads {
    static let depth = 15

    static func tracked(depth: Int, parent: TrackedTreeNode?) -> TrackedTreeNode {
        let node = TrackedTreeNode(parent: parent)
        if depth > 0 {
            node.left = tracked(depth: depth - 1, parent: node)
            node.right = tracked(depth: depth - 1, parent: node)
        }
        return node
    }

    static func trackedWithoutParents(depth: Int) -> TrackedBinaryNode {
        let node = TrackedBinaryNode()
        if depth > 0 {
            node.left = trackedWithoutParents(depth: depth - 1)
            node.right = trackedWithoutParents(depth: depth - 1)
        }
        return node
    }

    static func weakParent(depth: Int, parent: WeakParentTreeNode?) -> WeakParentTreeNode {
        let node = WeakParentTreeNode(parent: parent)
        if depth > 0 {
            node.left = weakParent(depth: depth - 1, parent: node)
            node.right = weakParent(depth: depth - 1, parent: node)
        }
        return node
    }

    static func weakParentSubclass(depth: Int, parent: WeakParentSubclassTreeNode?) -> WeakParentSubclassTreeNode {
        let node = WeakParentSubclassTreeNode(parent: parent)
        if depth > 0 {
            node.left = weakParentSubclass(depth: depth - 1, parent: node)
            node.right = weakParentSubclass(depth: depth - 1, parent: node)
        }
        return node
    }

    static func plain(depth: Int) -> PlainTreeNode {
        let node = PlainTreeNode()
        if depth > 0 {
            node.left = plain(depth: depth - 1)
            node.right = plain(depth: depth - 1)
        }
        return node
    }

    static func reclaimTrees(scale: Int, withParent: Bool) -> Workload.Measurement {
        GC.collect()
        let rounds = max(1, 40 / scale)
        let before = GC.stats
        let time = Stopwatch.time {
            for _ in 0..<rounds {
                if withParent {
                    _ = tracked(depth: depth, parent: nil)
                } else {
                    _ = trackedWithoutParents(depth: depth)
                }
            }
            GC.collect()
        }
        return .init(time: time, detail: CollectorActivity.since(before))
    }

    /// The trees with parents with automatic collection off and generation 0 collected right
    /// after each tree is dropped: each node is examined exactly once, when it is already
    /// garbage, which is the fewest scans a cycle collector can make here. Automatic
    /// collection has no such timing to go by: dropping a tree whose nodes point at their
    /// parents frees nothing, so no count the collector keeps changes.
    static func reclaimTreesCollectedAtDrop(scale: Int) -> Workload.Measurement {
        GC.collect()
        let rounds = max(1, 40 / scale)
        let before = GC.stats
        let wasEnabled = GC.isEnabled
        GC.disable()
        defer { if wasEnabled { GC.enable() } }
        let time = Stopwatch.time {
            for _ in 0..<rounds {
                _ = tracked(depth: depth, parent: nil)
                GC.collect(generation: 0)
            }
        }
        return .init(time: time, detail: CollectorActivity.since(before))
    }

    /// The plain variants: times building `40 / scale` trees with `build`, each dropped as soon
    /// as it is built.
    static func plainTrees(scale: Int, _ build: () -> AnyObject) -> Workload.Measurement {
        let rounds = max(1, 40 / scale)
        let time = Stopwatch.time {
            for _ in 0..<rounds { _ = build() }
        }
        return .init(time: time)
    }

    static let withParents = Workload(
        name: "trees-with-parents",
        summary: "depth-15 binary trees with parent pointers, built and dropped 40×, auto GC",
        plainVariant: "weak parent pointers",
        target: .withinPlain(factor: 1.0),
        reclaim: { reclaimTrees(scale: $0, withParent: true) },
        plain: { plainTrees(scale: $0) { weakParent(depth: depth, parent: nil) } }
    )

    static let withParentsCollectedAtDrop = Workload(
        name: "trees-with-parents-collected-at-drop",
        summary: "the same trees, auto GC off, generation 0 collected after each drop: one scan per node",
        plainVariant: "weak parent pointers",
        target: .none,
        reclaim: { reclaimTreesCollectedAtDrop(scale: $0) },
        plain: { plainTrees(scale: $0) { weakParent(depth: depth, parent: nil) } },
        pythonDetail: ["collected"]
    )

    /// `trees-with-parents` against the plain tree declared as a subclass: the difference
    /// between this row's plain column and that row's is what being a subclass costs.
    static let withParentsSubclassBaseline = Workload(
        name: "trees-with-parents-subclass-baseline",
        summary: "trees-with-parents again, against the weak-parent tree as a subclass, as GCObject classes are",
        plainVariant: "weak parent pointers in a subclass",
        target: .none,
        pythonWorkload: "trees-with-parents",
        reclaim: { reclaimTrees(scale: $0, withParent: true) },
        plain: { plainTrees(scale: $0) { weakParentSubclass(depth: depth, parent: nil) } }
    )

    static let withoutParents = Workload(
        name: "trees",
        summary: "the same trees without parent pointers (no cycles), auto GC",
        plainVariant: "plain ARC",
        target: .withinPlain(factor: 1.3),
        reclaim: { reclaimTrees(scale: $0, withParent: false) },
        plain: { plainTrees(scale: $0) { plain(depth: depth) } }
    )
}
