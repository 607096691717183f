import Reclaim

/// A Python function object, for the ports of CPython's collector tests: it refers to the
/// dictionary of the module that defined it (`__globals__`), which usually refers back to it,
/// and to whatever its `__module__` attribute was set to.
final class PythonFunction: GCObject {
    let name: String
    var globals: PythonDict?
    var module: GCObject?

    init(_ name: String, globals: PythonDict? = nil, heap: Heap) {
        self.name = name
        self.globals = globals
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        if let globals { visit(globals) }
        if let module { visit(module) }
    }

    override func clear() {
        globals = nil
        module = nil
    }
}
