import Reclaim

/// A Python `list` as a tracked object, for the ports of CPython's collector tests: its items
/// are strong references that `traverse` reports and `clear()` drops, as `list_traverse` and
/// `list_clear` do. Not final, so that a test can subclass it as Python code subclasses `list`.
class PythonList: GCObject {
    var items: [GCObject]

    init(_ items: [GCObject] = [], heap: Heap) {
        self.items = items
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        items.traceReferences(visit)
    }

    override func clear() {
        items = []
    }
}
