/// An independent model of the traced oracle graph, on ids only: what ARC frees, what a full
/// collection finds, what it clears and what survives it. It is fed the operations the test
/// performs (each edge with its slot) and knows the classes only through `EdgeSlot` and
/// `VertexKind`; it never calls `traverse`.
///
/// The rules, from the collector's definition (CPython's algorithm):
///
/// - ARC: a vertex lives while a root, a held value, `heap.garbage` or a live vertex holds a
///   strong reference to it (traced or `@Untraced`); `weak` and `unowned` references do not
///   count.
/// - Storage that copies of a value share (the boxes of an `indirect` enum, the box of a large
///   value in an `Any`, an array's buffer) needs no vertex of its own: a vertex holding a copy
///   holds the value's references, so two vertices sharing one box both hold an edge to each
///   of its targets, and a copy the test holds in a local (a held value) holds its targets as
///   a root does. (The collector counts the box once, with its real retain count; the
///   reachability that results is the same.)
/// - A collection keeps every tracked vertex reachable, through traced references between
///   tracked vertices, from a vertex referenced from outside. Outside references are the
///   roots, the held values, `heap.garbage`, and every `@Untraced` reference held by a live
///   vertex (reachable or not: the collector sees only that a count is not explained by
///   `traverse`). So a vertex held through an `@Untraced` reference acts as a root while its
///   holder lives, and a cycle kept alive only through such a reference from garbage leaks
///   until the holder is freed (a later collection then finds it).
/// - The rest of the tracked vertices is the garbage: `collect()` returns its size. Each
///   member loses its clearable references; ARC then frees what that leaves unreferenced.
///   Members still alive (held together by references `clear()` cannot drop) are
///   uncollectable: they move to `heap.garbage`, which holds them from then on.
///
/// Cycles made only of references `clear()` cannot drop are generated on purpose: the `let`s
/// point at older vertices, so they never close a cycle alone, but a non-optional `var`, the
/// `@Uncleared` payload of an enum without a payload-less case and `Box<OracleNode>` can point
/// anywhere. The model predicts them as above, and the test breaks them by hand at the end
/// (`TracedGraphWorld`'s `breakWhatTheCollectorCannot()`), with the `@Untraced` references.
struct TracedReachabilityModel {
    private(set) var kinds: [VertexKind] = []
    private(set) var edges: [[GraphEdge]] = []
    private(set) var alive: Set<Int> = []
    /// References the test holds (a multiset of ids).
    var roots: [Int] = []
    /// The targets of each value the test holds a copy of (a chain, an `Any`).
    var heldValues: [[Int]] = []
    /// The ids in `heap.garbage`.
    var savedGarbage: [Int] = []

    /// Adds a live vertex with no references and returns its id.
    mutating func addVertex(_ kind: VertexKind) -> Int {
        kinds.append(kind)
        edges.append([])
        alive.insert(kinds.count - 1)
        return kinds.count - 1
    }

    /// Records a reference stored in `slot` of `source`.
    mutating func add(_ slot: EdgeSlot, from source: Int, to target: Int) {
        precondition(kinds[source].slots.contains(slot), "\(kinds[source]) has no slot \(slot)")
        edges[source].append(GraphEdge(slot: slot, target: target))
    }

    /// Records that the references in `slots` of `source` were dropped.
    mutating func remove(_ slots: Set<EdgeSlot>, from source: Int) {
        edges[source].removeAll { slots.contains($0.slot) }
    }

    /// The references of `id` in `slot`.
    func targets(of id: Int, in slot: EdgeSlot) -> [Int] {
        edges[id].filter { $0.slot == slot }.map(\.target)
    }

    /// The strong references of `id`, sorted.
    func strongEdges(of id: Int) -> [GraphEdge] {
        edges[id].filter(\.slot.isStrong).sorted()
    }

    /// The targets `traverse` of `id` must report: one per traced reference, sorted.
    func tracedTargets(of id: Int) -> [Int] {
        edges[id].filter(\.slot.isTraced).map(\.target).sorted()
    }

    /// The `weak` and `unowned` references of `id`.
    func weakEdges(of id: Int) -> [GraphEdge] {
        edges[id].filter { !$0.slot.isStrong }
    }

    /// The references from outside the graph: the roots, the held values' targets and
    /// `heap.garbage`.
    var externalReferences: [Int] { roots + heldValues.joined() + savedGarbage }

    /// Frees, as ARC does, every vertex that no root, no held value, no saved garbage and no
    /// live vertex references strongly, until nothing more goes.
    mutating func applyReferenceCounting() {
        var counts = [Int](repeating: 0, count: kinds.count)
        for id in externalReferences { counts[id] += 1 }
        for source in alive {
            for edge in edges[source] where edge.slot.isStrong { counts[edge.target] += 1 }
        }
        var dead = alive.filter { counts[$0] == 0 }
        while let id = dead.popFirst() {
            guard alive.remove(id) != nil else { continue }
            for edge in edges[id] where edge.slot.isStrong {
                counts[edge.target] -= 1
                if counts[edge.target] == 0, alive.contains(edge.target) { dead.insert(edge.target) }
            }
            // A freed vertex's references are gone with it; weak references to it remain in
            // their holders' lists (and read as nil).
            edges[id] = []
        }
    }

    /// What the program can still reach through strong references: what must never be
    /// cleared or freed.
    func reachableByProgram() -> Set<Int> {
        var reached = Set<Int>()
        var queue = externalReferences
        while let id = queue.popLast() {
            guard alive.contains(id), reached.insert(id).inserted else { continue }
            queue += edges[id].filter(\.slot.isStrong).map(\.target)
        }
        return reached
    }

    /// The tracked vertices a full collection finds unreachable.
    func unreachableTracked() -> Set<Int> {
        var queue = externalReferences
        for source in alive {
            for edge in edges[source] where edge.slot.strength == .untraced || !kinds[source].isTracked {
                queue.append(edge.target)
            }
        }
        var kept = Set<Int>()
        while let id = queue.popLast() {
            guard alive.contains(id), kinds[id].isTracked, kept.insert(id).inserted else { continue }
            queue += edges[id].filter(\.slot.isTraced).map(\.target)
        }
        return alive.filter { kinds[$0].isTracked && !kept.contains($0) }
    }

    /// Applies a full collection: finds the garbage, drops its clearable references, lets ARC
    /// free what it can and saves the uncollectable rest. Returns the garbage (what `collect()`
    /// counts) and the uncollectable part of it.
    mutating func applyCollection() -> (garbage: Set<Int>, uncollectable: Set<Int>) {
        let garbage = unreachableTracked()
        for id in garbage {
            edges[id].removeAll { $0.slot.strength == .clearable }
        }
        applyReferenceCounting()
        let uncollectable = garbage.intersection(alive)
        savedGarbage += uncollectable.sorted()
        return (garbage, uncollectable)
    }
}
