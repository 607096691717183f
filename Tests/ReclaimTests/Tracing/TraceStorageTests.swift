import Reclaim
import Testing

/// `traceStorage(_:_:)` gives a copy-on-write type of the user's own the exactness of `Array`:
/// shared storage is counted once, and a copy held anywhere keeps its contents alive.
@Suite struct TraceStorageTests {
    /// A copy-on-write bag of items whose storage is a class of its own (not an `Array`, so
    /// nothing but `traceStorage` tells the collector that copies share it).
    struct ItemBag: Traceable {
        final class Storage {
            let slots: UnsafeMutableBufferPointer<Item?>
            var count = 0

            init(capacity: Int) {
                slots = .allocate(capacity: capacity)
                slots.initialize(repeating: nil)
            }

            deinit {
                slots.deinitialize()
                slots.deallocate()
            }
        }

        private var storage = Storage(capacity: 8)

        mutating func append(_ item: Item) {
            if !isKnownUniquelyReferenced(&storage) {
                let copy = Storage(capacity: storage.slots.count)
                for index in 0..<storage.count { copy.slots[index] = storage.slots[index] }
                copy.count = storage.count
                storage = copy
            }
            storage.slots[storage.count] = item
            storage.count += 1
        }

        var items: [Item] { (0..<storage.count).compactMap { storage.slots[$0] } }

        func traceReferences(_ visit: (GCObject) -> Void) {
            Self.traceStorage(storage) {
                for index in 0..<storage.count {
                    if let item = storage.slots[index] { visit(item) }
                }
            }
        }

        mutating func clearReferences() {
            storage = Storage(capacity: 8)
        }
    }

    /// A tracked object holding a bag of items that point back at it.
    final class Holder: GCObject {
        var bag = ItemBag()
        var next: Holder?
        let id: Int
        let record: LifeRecord

        init(heap: Heap, id: Int, record: LifeRecord) {
            self.id = id
            self.record = record
            super.init(heap: heap)
        }

        override func traverse(_ visit: (GCObject) -> Void) {
            bag.traceReferences(visit)
            if let next { visit(next) }
        }

        override func clear() {
            record.recordCleared(id)
            bag.clearReferences()
            next = nil
        }

        deinit { record.recordFreed(id) }
    }

    /// An element of a bag, pointing back at a holder.
    final class Item: GCObject {
        var holder: Holder?
        let id: Int
        let record: LifeRecord

        init(heap: Heap, id: Int, record: LifeRecord) {
            self.id = id
            self.record = record
            super.init(heap: heap)
        }

        override func traverse(_ visit: (GCObject) -> Void) {
            if let holder { visit(holder) }
        }

        override func clear() {
            record.recordCleared(id)
            holder = nil
        }

        deinit { record.recordFreed(id) }
    }

    private func makeHeap() -> Heap {
        let heap = Heap()
        heap.disable()
        heap._checksInvariantsAfterEachCollection = true
        return heap
    }

    /// A holder (id 0) with a bag of three items (ids 1 to 3) pointing back at it.
    private func makeHolder(heap: Heap, record: LifeRecord) -> Holder {
        let holder = Holder(heap: heap, id: 0, record: record)
        for id in 1...3 {
            let item = Item(heap: heap, id: id, record: record)
            item.holder = holder
            holder.bag.append(item)
        }
        return holder
    }

    @Test func twoHoldersSharingOneStorageInAGarbageCycleAreCollectedWithoutRefusal() {
        let heap = makeHeap()
        let record = LifeRecord()
        do {
            let first = makeHolder(heap: heap, record: record)
            let second = Holder(heap: heap, id: 4, record: record)
            second.bag = first.bag
            first.next = second
            second.next = first
        }
        #expect(heap.collect() == 2 + 3)
        #expect(heap.stats[2].refused == 0, "the shared storage's items were counted once")
        #expect(record.freed == [0, 1, 2, 3, 4])
    }

    @Test func aCopyOfTheBagInALocalKeepsItsItemsAndWhatTheyReachAlive() {
        let heap = makeHeap()
        let record = LifeRecord()
        var keep = ItemBag()
        do {
            let holder = makeHolder(heap: heap, record: record)
            keep = holder.bag
        }
        #expect(heap.collect() == 0, "the local copy holds the storage, which holds the items")
        #expect(record.cleared.isEmpty, "nothing reachable through the copy is cleared")
        #expect(keep.items.allSatisfy { $0.holder?.bag.items.count == 3 })
        keep = ItemBag()
        #expect(heap.collect() == 1 + 3)
        #expect(record.freed == [0, 1, 2, 3])
    }

    @Test func aCopyOfTheBagInAPlainObjectKeepsItsItemsAlive() {
        let heap = makeHeap()
        let record = LifeRecord()
        let box = UntrackedValueBox(ItemBag())
        do {
            let holder = makeHolder(heap: heap, record: record)
            box.value = holder.bag
        }
        #expect(heap.collect() == 0)
        #expect(record.cleared.isEmpty)
        box.value = ItemBag()
        #expect(heap.collect() == 1 + 3)
    }

    @Test func theOnlyCopyOfTheBagInsideAGarbageCycleIsCollected() {
        let heap = makeHeap()
        let record = LifeRecord()
        do { _ = makeHolder(heap: heap, record: record) }
        #expect(heap.collect() == 1 + 3)
        #expect(heap.storageNodesInLastCollection <= 1)
    }

    @Test func storageThatIsAGCObjectStopsWithAMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let heap = Heap()
            let holder = MisreportingHolder(heap: heap)
            holder.node = LinkNode(heap: heap)
            heap.collect()
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("traceStorage was given a LinkNode"))
        #expect(message.contains("report it with visit"))
    }

}

/// Passes a tracked object to `traceStorage`, which is a mistake.
final class MisreportingHolder: GCObject {
    var node: LinkNode?

    struct Wrapper: Traceable {
        let node: LinkNode

        func traceReferences(_ visit: (GCObject) -> Void) {
            Self.traceStorage(node) { visit(node) }
        }
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        if let node { Wrapper(node: node).traceReferences(visit) }
    }
}
