import Reclaim

/// A long-lived cache of computed results, which keeps every result it is given: the tour's
/// example of a leak that no collector can fix, because the results stay reachable.
final class ResultCache: GCObject {
    private(set) var results: [ListObject] = []

    func store(_ result: ListObject) {
        results.append(result)
    }

    func removeAll() {
        results.removeAll()
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        results.traceReferences(visit)
    }

    override func clear() {
        results.removeAll()
    }
}
