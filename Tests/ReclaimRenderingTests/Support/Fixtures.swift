import Reclaim

/// The top of a small user-interface-like object graph.
final class Window: GCObject {
    var root: View?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let root { visit(root) }
    }

    override func clear() { root = nil }
}

/// A node with children and an optional delegate.
final class View: GCObject {
    var children: [View] = []
    var delegate: Controller?

    override func traverse(_ visit: (GCObject) -> Void) {
        for child in children { visit(child) }
        if let delegate { visit(delegate) }
    }

    override func clear() {
        children = []
        delegate = nil
    }
}

/// A leaf of the graph, with a weak back reference that `traverse` must not report.
final class Controller: GCObject {
    weak var view: View?
}

/// A node with two references, which may be the same object.
final class Pair: GCObject {
    var first: GCObject?
    var second: GCObject?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let first { visit(first) }
        if let second { visit(second) }
    }

    override func clear() {
        first = nil
        second = nil
    }
}
