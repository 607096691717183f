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
        children.traceReferences(visit)
        if let delegate { visit(delegate) }
    }

    override func clear() {
        children = []
        delegate = nil
    }
}

/// A node with a weak back reference, which `traverse` must not report.
final class Controller: GCObject {
    weak var view: View?
    var model: GCObject?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let model { visit(model) }
    }

    override func clear() { model = nil }
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

/// A generic tracked node, for type names with arguments.
final class Box<Value>: GCObject {
    var value: Value
    var next: GCObject?

    init(_ value: Value, heap: Heap) {
        self.value = value
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
    }

    override func clear() { next = nil }
}

/// A node whose custom mirror hides its stored properties, so reflection cannot name its
/// references.
final class MirroredNode: GCObject, CustomReflectable {
    var next: GCObject?

    var customMirror: Mirror { Mirror(self, children: [:]) }

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
    }

    override func clear() { next = nil }
}

/// A `GCObject` that does not override `traverse`, so no heap tracks it.
final class Leaf: GCObject {}

/// A plain Swift class: a holder the collector cannot see into.
final class UntrackedHolder {
    var object: GCObject?

    init(_ object: GCObject?) {
        self.object = object
    }
}
