import Reclaim

/// A tracked node that holds references in every kind of standard-library container, reported
/// with `traceReferences(_:)`, plus one plain optional reference and plain holders.
class StorageVertex: GCObject, Hashable {
    let id: Int
    let record: LifeRecord
    var next: StorageVertex?
    var list: [StorageVertex] = []
    var table: [Int: StorageVertex] = [:]
    var bag: Set<StorageVertex> = []
    var groups: [[StorageVertex]] = []
    /// Plain objects this node owns; the collector cannot see through them.
    var holders: [StorageHolder] = []

    init(id: Int, record: LifeRecord, heap: Heap) {
        self.id = id
        self.record = record
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
        list.traceReferences(visit)
        table.traceReferences(visit)
        bag.traceReferences(visit)
        groups.traceReferences(visit)
    }

    override func clear() {
        record.recordCleared(id)
        next = nil
        list = []
        table = [:]
        bag = []
        groups = []
        holders = []
    }

    deinit { record.recordFreed(id) }

    static func == (lhs: StorageVertex, rhs: StorageVertex) -> Bool { lhs === rhs }
    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// A vertex whose finalizer asks its heap for a full collection: freed by ARC (inside a
/// release, often in the middle of a container's write), that collection waits for the next
/// allocation in the heap.
final class CollectingStorageVertex: StorageVertex {
    unowned(unsafe) let heap: Heap

    override init(id: Int, record: LifeRecord, heap: Heap) {
        self.heap = heap
        super.init(id: id, record: record, heap: heap)
    }

    override func finalize() {
        heap.collect()
    }
}

/// A plain object holding nodes and copies of containers: outside the collector's view.
final class StorageHolder {
    var nodes: [StorageVertex] = []
    var lists: [[StorageVertex]] = []
    var tables: [[Int: StorageVertex]] = []
    var bags: [Set<StorageVertex>] = []
    var groups: [[[StorageVertex]]] = []
}
