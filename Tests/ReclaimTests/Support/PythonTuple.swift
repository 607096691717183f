import Reclaim

/// A Python `tuple`, for the ports of CPython's collector tests: its items are reported, but,
/// as in CPython (whose tuples have no `tp_clear`), never dropped. A cycle through a tuple is
/// broken by a mutable object it runs through.
final class PythonTuple: GCObject {
    let items: [GCObject]

    init(_ items: [GCObject], heap: Heap) {
        self.items = items
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        items.traceReferences(visit)
    }
}
