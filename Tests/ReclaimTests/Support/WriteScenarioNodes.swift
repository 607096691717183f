import Reclaim

/// A tracked object whose array of children is written while a release of one of them runs
/// user code (a finalizer, a `deinit`, a weak reference callback) that asks for a collection.
/// The holder refers to itself, so it is a candidate with an internal reference.
final class ChildHolder: GCObject {
    var children: [GCObject] = []
    var model = ChildModel()
    var me: ChildHolder?

    override func traverse(_ visit: (GCObject) -> Void) {
        children.traceReferences(visit)
        model.pages.traceReferences(visit)
        if let me { visit(me) }
    }

    override func clear() {
        children = []
        model = ChildModel()
        me = nil
    }
}

/// A value stored in a tracked object whose mutating method allocates tracked objects: the
/// allocation can start an automatic collection in the middle of the method's write access.
struct ChildModel {
    var pages: [LinkNode] = []

    mutating func addPages(_ count: Int, heap: Heap) {
        for _ in 0..<count {
            pages.append(LinkNode(heap: heap))
        }
    }
}

/// A tracked object whose `deinit` runs code supplied by the test.
final class DeinitHookNode: GCObject {
    var next: GCObject?
    let onDeinit: () -> Void

    init(heap: Heap, onDeinit: @escaping () -> Void) {
        self.onDeinit = onDeinit
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
    }

    deinit { onDeinit() }
}
