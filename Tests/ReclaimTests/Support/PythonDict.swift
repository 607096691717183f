import Reclaim

/// A Python `dict` whose values are objects, for the ports of CPython's collector tests: the
/// values are strong references that `traverse` reports and `clear()` drops. The keys stand
/// for Python's strings and small integers, which the collector never tracks.
final class PythonDict: GCObject {
    var entries: [String: GCObject]

    init(_ entries: [String: GCObject] = [:], heap: Heap) {
        self.entries = entries
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        entries.traceReferences(visit)
    }

    override func clear() {
        entries = [:]
    }
}
