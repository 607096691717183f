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
class PlainTreeBase {}

/// `WeakParentTreeNode` as a subclass. Swift's deallocating deinit of a subclass retains and
/// releases `self` around destroying the stored properties (two atomic operations per object
/// that a root class does not pay), and `GCObject` classes pay them too.
final class WeakParentSubclassTreeNode: PlainTreeBase {
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
/// collection on; and the trees with parents collected after each drop instead, the least
/// scanning any cycle collector can do on workload 3.
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
    /// garbage. No automatic trigger can time its collections so (dropping a cyclic structure
    /// frees nothing, so nothing tells the collector it happened); this is the least any
    /// cycle collector's scan can do on `trees-with-parents`.
    static func reclaimTreesCollectedAtDrop(scale: Int) -> Workload.Measurement {
        GC.collect()
        let rounds = max(1, 40 / scale)
        let before = GC.stats
        GC.disable()
        defer { GC.enable() }
        let time = Stopwatch.time {
            for _ in 0..<rounds {
                _ = tracked(depth: depth, parent: nil)
                GC.collect(generation: 0)
            }
        }
        return .init(time: time, detail: CollectorActivity.since(before))
    }

    static func weakParentTrees(scale: Int) -> Workload.Measurement {
        let rounds = max(1, 40 / scale)
        let time = Stopwatch.time {
            for _ in 0..<rounds { _ = weakParent(depth: depth, parent: nil) }
        }
        return .init(time: time)
    }

    static let withParents = Workload(
        name: "trees-with-parents",
        summary: "depth-15 binary trees with parent pointers, built and dropped 40×, auto GC",
        plainVariant: "weak parent pointers",
        target: .withinPlain(factor: 1.0),
        reclaim: { reclaimTrees(scale: $0, withParent: true) },
        plain: { weakParentTrees(scale: $0) }
    )

    /// Compared with the weak-parent tree as a subclass, the same shape as a `GCObject` class:
    /// the plain columns of this row and `trees-with-parents` show what being a subclass costs.
    static let withParentsCollectedAtDrop = Workload(
        name: "trees-with-parents-collected-at-drop",
        summary: "the same trees, auto GC off, generation 0 collected after each drop: one scan per node",
        plainVariant: "weak parent pointers in a subclass, as GCObject classes are",
        target: .none,
        reclaim: { reclaimTreesCollectedAtDrop(scale: $0) },
        plain: { scale in
            let rounds = max(1, 40 / scale)
            let time = Stopwatch.time {
                for _ in 0..<rounds { _ = weakParentSubclass(depth: depth, parent: nil) }
            }
            return .init(time: time)
        }
    )

    static let withoutParents = Workload(
        name: "trees",
        summary: "the same trees without parent pointers (no cycles), auto GC",
        plainVariant: "plain ARC",
        target: .withinPlain(factor: 1.3),
        reclaim: { reclaimTrees(scale: $0, withParent: false) },
        plain: { scale in
            let rounds = max(1, 40 / scale)
            let time = Stopwatch.time {
                for _ in 0..<rounds { _ = plain(depth: depth) }
            }
            return .init(time: time)
        }
    )
}
