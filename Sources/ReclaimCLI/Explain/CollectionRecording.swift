/// A collection of a `reclaim explain` graph, phase by phase, as the page and the text output
/// show it. Encoded as JSON into the page.
struct CollectionRecording: Encodable {
    /// An object of the graph and where the page draws it.
    struct Node: Encodable {
        var name: String
        var typeName: String
        /// `none`, `runs` or `resurrects`.
        var finalizer: String
        var x: Int
        var y: Int
    }

    /// A reference. `source` is a node index, or -1 for a reference from outside the graph.
    struct Edge: Encodable {
        var source: Int
        var target: Int
        var isWeak: Bool
    }

    /// A node at one phase.
    struct NodeState: Encodable, Equatable {
        /// One of `alive`, `candidate`, `root`, `reachable`, `unreachable`, `finalized`,
        /// `resurrected`, `freed`, `uncollectable`, `freed-early` (by reference counting,
        /// before the collection).
        var status: String
        /// The retain count the collector read from the runtime.
        var refcount: Int?
        /// The collector's working count (CPython's `gc_refs`) at this phase.
        var working: String?
        /// A few words on why the node is in this state.
        var note: String?
    }

    /// One step of the collection.
    struct Phase: Encodable {
        /// A stable identifier, such as `counts-copied`.
        var id: String
        var title: String
        /// What the collector does in this phase, in general.
        var summary: String
        /// What happened to this graph, one sentence per line.
        var details: [String]
        /// The state of each node, parallel to ``CollectionRecording/nodes``.
        var nodes: [NodeState]
        /// The state of each edge (`plain`, `counted`, `cleared`, `dropped`), parallel to
        /// ``CollectionRecording/edges``.
        var edges: [String]
    }

    /// Where the graph came from.
    var source: String
    var nodes: [Node]
    var edges: [Edge]
    var phases: [Phase]
    /// Where the page draws the box that stands for references from outside the graph.
    var outside: Position
    var width: Int
    var height: Int
    /// What the collection returned: the number of unreachable objects it found.
    var collected: Int

    /// A point on the page.
    struct Position: Encodable {
        var x: Int
        var y: Int
    }
}
