import Reclaim

/// A tracked node with a finalizer supplied by the test, and a journal of what happened to
/// it: the classic cases of PEP 442 (finalizers that resurrect, allocate or collect).
final class Phoenix: GCObject {
    let name: String
    let journal: Journal
    var next: GCObject?
    var others: [GCObject] = []
    var onFinalize: ((Phoenix) -> Void)?

    init(_ name: String, heap: Heap, journal: Journal) {
        self.name = name
        self.journal = journal
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
        for other in others { visit(other) }
    }

    override func clear() {
        journal.append("clear \(name)")
        next = nil
        others = []
    }

    override func finalize() {
        journal.append("finalize \(name)")
        onFinalize?(self)
    }

    deinit { journal.append("deinit \(name)") }
}

/// An ordered list of events, shared by the objects of one test.
final class Journal {
    private(set) var events: [String] = []

    func append(_ event: String) { events.append(event) }

    func count(of event: String) -> Int { events.filter { $0 == event }.count }

    func removeAll() { events.removeAll() }
}

/// A plain Swift object (untracked by the collector) that holds objects strongly: the
/// program's "outside" where finalizers and callbacks put what they resurrect.
final class Rescue {
    var saved: [GCObject] = []
}

/// A Swift `weak var` in an untracked object: how code outside the collector's view can still
/// reach an object that the collector found unreachable.
final class SwiftWeakBox {
    weak var object: GCObject?
}
