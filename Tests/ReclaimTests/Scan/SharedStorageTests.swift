import Reclaim
import Testing

/// Storage that copies of a value share (array buffers, dictionary and set storage) is counted
/// as an object of its own when it is shared: two tracked objects sharing one buffer count
/// its elements once, and a copy held outside the tracked objects keeps what it reaches alive.
@Suite struct SharedStorageTests {
    /// Builds a document of `pageCount` pages whose shapes point back at their page; every
    /// other page is a duplicate of the previous one, sharing its shape array.
    private func makeDocument(heap: Heap, pageCount: Int, shapesPerPage: Int, record: LifeRecord) -> Document {
        let document = Document(heap: heap, id: 0, record: record)
        var nextID = 1
        for index in 0..<pageCount {
            let page = Page(heap: heap, id: nextID, record: record)
            nextID += 1
            page.document = document
            if index % 2 == 1, let previous = document.pages.last {
                page.shapes = previous.shapes
            } else {
                for _ in 0..<shapesPerPage {
                    let shape = Shape(heap: heap, id: nextID, record: record)
                    nextID += 1
                    shape.page = page
                    page.shapes.append(shape)
                }
            }
            document.pages.append(page)
        }
        return document
    }

    @Test func pagesSharingOneShapeArrayAreCollectedWithoutRefusal() {
        let heap = Heap()
        heap.disable()
        heap._checksInvariantsAfterEachCollection = true
        let record = LifeRecord()
        var idCount = 0
        for _ in 0..<3 {
            let document = makeDocument(heap: heap, pageCount: 1000, shapesPerPage: 3, record: LifeRecord())
            idCount += 1 + 1000 + 500 * 3
            withExtendedLifetime(document) {}
        }
        _ = record
        let found = heap.collect()
        #expect(found == idCount, "three closed documents with duplicated pages")
        #expect(heap.stats[2].refused == 0)
        #expect(heap.trackedCount == 0)
    }

    @Test func anArrayCopiedIntoALocalKeepsItsElementsAndWhatTheyReachAlive() {
        let heap = Heap()
        heap.disable()
        heap._checksInvariantsAfterEachCollection = true
        let record = LifeRecord()
        var keep: [Shape] = []
        do {
            let document = makeDocument(heap: heap, pageCount: 2, shapesPerPage: 2, record: record)
            keep = document.pages[0].shapes
        }
        // The document, both pages and the shapes form one cycle; `keep` holds the first page's
        // shape buffer (shared with the duplicate page), and through the shapes' back pointer
        // the page, the document and everything else.
        #expect(heap.collect() == 0)
        #expect(record.cleared.isEmpty, "nothing reachable through the copy is cleared")
        #expect(keep.allSatisfy { $0.page?.document?.pages.count == 2 })
        keep = []
        #expect(heap.collect() == 1 + 2 + 2)
        #expect(record.cleared.count == 5)
        #expect(record.freed.count == 5)
    }

    @Test func anArrayCopiedIntoAnUntrackedObjectKeepsItsElementsAlive() {
        let heap = Heap()
        heap.disable()
        let record = LifeRecord()
        let holder: UntrackedValueBox<[Shape]> = UntrackedValueBox([])
        do {
            let page = Page(heap: heap, id: 1, record: record)
            for id in 2...4 {
                let shape = Shape(heap: heap, id: id, record: record)
                shape.page = page
                page.shapes.append(shape)
            }
            holder.value = page.shapes
        }
        #expect(heap.collect() == 0)
        #expect(record.cleared.isEmpty)
        #expect(holder.value.allSatisfy { $0.page != nil })
        holder.value = []
        #expect(heap.collect() == 4)
    }

    @Test func theOnlyCopyOfAnArrayInsideAGarbageCycleIsCollected() {
        let heap = Heap()
        heap.disable()
        let record = LifeRecord()
        do {
            let page = Page(heap: heap, id: 1, record: record)
            let copyHolder = Page(heap: heap, id: 2, record: record)
            let shape = Shape(heap: heap, id: 3, record: record)
            shape.page = page
            page.shapes = [shape]
            copyHolder.shapes = page.shapes
            copyHolder.document = nil
        }
        // `copyHolder` is freed by ARC at once (nothing refers to it); the buffer is then held
        // by `page` only.
        #expect(heap.collect() == 2)
        #expect(record.freed == [1, 2, 3])
    }

    @Test func everyKindOfStandardStorageSharedWithALocalKeepsItsElementsAlive() {
        let heap = Heap()
        heap.disable()
        for kind in 0..<6 {
            weak var weakShape: Shape?
            var keptAlive: Any = 0
            do {
                let container = Container(heap: heap)
                let shape = Shape(heap: heap)
                let page = Page(heap: heap)
                shape.page = page
                page.shapes = [shape]
                // The cycle: container → storage → shape → page → shapes → shape; and the
                // shape's page points at nothing else. Plus a self reference to make the
                // container cyclic on its own.
                container.owner = container
                switch kind {
                case 0: container.array = [shape]; keptAlive = container.array
                case 1: container.contiguous = [shape]; keptAlive = container.contiguous
                case 2: container.set = [shape]; keptAlive = container.set
                case 3: container.byName = ["a": shape]; keptAlive = container.byName
                case 4: container.byShape = [shape: 1]; keptAlive = container.byShape
                default: container.nested = [[shape]]; keptAlive = container.nested
                }
                weakShape = shape
            }
            #expect(heap.collect() == 1, "kind \(kind): only the container is garbage")
            #expect(weakShape?.page?.shapes.count == 1, "kind \(kind): the shape was not cleared")
            withExtendedLifetime(keptAlive) {}
            keptAlive = 0
            #expect(heap.collect() == 2, "kind \(kind): the shape and its page, once the copy is gone")
            #expect(weakShape == nil)
        }
        #expect(heap.stats[2].refused == 0)
    }

    @Test func twoTrackedHoldersOfEveryKindOfStorageAreCollectedTogether() {
        let heap = Heap()
        heap.disable()
        for kind in 0..<6 {
            do {
                let first = Container(heap: heap)
                let second = Container(heap: heap)
                let shape = Shape(heap: heap)
                let page = Page(heap: heap)
                shape.page = page
                page.shapes = [shape]
                first.owner = second
                second.owner = first
                switch kind {
                case 0: first.array = [shape]; second.array = first.array
                case 1: first.contiguous = [shape]; second.contiguous = first.contiguous
                case 2: first.set = [shape]; second.set = first.set
                case 3: first.byName = ["a": shape]; second.byName = first.byName
                case 4: first.byShape = [shape: 1]; second.byShape = first.byShape
                default: first.nested = [[shape]]; second.nested = first.nested
                }
                page.document = nil
            }
            #expect(heap.collect() == 4, "kind \(kind)")
            #expect(heap.trackedCount == 0)
        }
        #expect(heap.stats[2].refused == 0)
    }

    @Test func theDryRunCountsSharedStorageAsACollectionDoes() {
        let heap = Heap()
        heap.disable()
        let record = LifeRecord()
        var keep: [Shape] = []
        do {
            let document = makeDocument(heap: heap, pageCount: 4, shapesPerPage: 2, record: record)
            keep = document.pages[2].shapes
        }
        #expect(heap.unreachableObjects().isEmpty, "a local holds \(keep.count) shapes")
        keep = []
        #expect(heap.unreachableObjects().count == 1 + 4 + 2 * 2)
        #expect(heap.collect() == 1 + 4 + 2 * 2)
    }
}
