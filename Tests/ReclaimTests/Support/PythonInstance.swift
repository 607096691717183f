import Reclaim

/// An instance of a Python class, for the ports of CPython's collector tests: a strong
/// reference to its class (`__class__`, which CPython's `subtype_clear` never drops), its
/// attributes (`__dict__`), and, for an instance of a `list` subclass, the list's items.
class PythonInstance: GCObject {
    let pythonClass: PythonClass
    var attributes: [String: GCObject] = [:]
    var items: [GCObject] = []

    init(of pythonClass: PythonClass, heap: Heap) {
        self.pythonClass = pythonClass
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        visit(pythonClass)
        attributes.traceReferences(visit)
        items.traceReferences(visit)
    }

    override func clear() {
        attributes = [:]
        items = []
    }
}
