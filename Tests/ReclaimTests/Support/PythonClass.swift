import Reclaim

/// A Python class object, for the ports of CPython's collector tests. As in CPython, a class is
/// part of a cycle from the moment it exists: its method resolution order (`__mro__`) starts
/// with the class itself, and its namespace holds the `__dict__` and `__weakref__` descriptors,
/// each of which refers back to the class. Collecting a class therefore frees three objects.
final class PythonClass: GCObject {
    let name: String
    var bases: [PythonClass]
    var mro: [GCObject] = []
    var namespace: [String: GCObject] = [:]

    init(_ name: String, bases: [PythonClass] = [], heap: Heap) {
        self.name = name
        self.bases = bases
        super.init(heap: heap)
        var linearization: [GCObject] = [self]
        for base in bases {
            for ancestor in base.mro where !linearization.contains(where: { $0 === ancestor }) {
                linearization.append(ancestor)
            }
        }
        mro = linearization
        namespace["__dict__"] = PythonDescriptor(owner: self, heap: heap)
        namespace["__weakref__"] = PythonDescriptor(owner: self, heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        bases.traceReferences(visit)
        mro.traceReferences(visit)
        namespace.traceReferences(visit)
    }

    override func clear() {
        bases = []
        mro = []
        namespace = [:]
    }
}

/// A descriptor in a class's namespace (`__dict__`, `__weakref__`), which refers to the class
/// that owns it (CPython's `d_type`).
final class PythonDescriptor: GCObject {
    var owner: PythonClass?

    init(owner: PythonClass, heap: Heap) {
        self.owner = owner
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        if let owner { visit(owner) }
    }

    override func clear() {
        owner = nil
    }
}
