/// A small object graph described by the user (or the built-in example) for
/// `reclaim explain`: objects, strong and weak references, references from outside the graph
/// and finalizers.
struct GraphDescription: Equatable {
    /// One object of the graph.
    struct Node: Equatable {
        /// The name the file gives it, unique in the graph.
        var name: String
        /// The type shown for it (`Node` unless the file names one).
        var typeName: String
        /// What its `finalize()` does.
        var finalizer: Finalizer = .none
    }

    /// What an object's `finalize()` does when a collection finds it unreachable.
    enum Finalizer: Equatable {
        /// The object has no finalizer.
        case none
        /// The finalizer runs and keeps nothing.
        case runs
        /// The finalizer stores the object in a global list: it resurrects the object.
        case resurrects
    }

    /// Where a reference starts.
    enum Holder: Hashable {
        /// A variable outside the graph (the stack, a global, an untracked object).
        case outside
        /// The node at this index of ``GraphDescription/nodes``.
        case node(Int)
    }

    /// A reference from a holder to a node.
    struct Reference: Equatable {
        var holder: Holder
        /// The index of the referenced node.
        var target: Int
        /// Whether it is a weak reference (a `WeakRef` with a callback) rather than a strong one.
        var isWeak: Bool
        /// The line of the file that declares it, for messages.
        var line: Int
    }

    /// Where the description came from, as shown to the user (a path, or "the built-in example").
    var source: String
    var nodes: [Node] = []
    var references: [Reference] = []

    /// The largest graph `reclaim explain` draws: beyond it the page is no longer readable.
    static let maximumNodeCount = 40

    /// The strong references, in file order.
    var strongReferences: [Reference] { references.filter { !$0.isWeak } }

    /// The weak references, in file order.
    var weakReferences: [Reference] { references.filter(\.isWeak) }
}
