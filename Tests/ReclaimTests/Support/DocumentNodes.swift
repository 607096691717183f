import Reclaim

/// A document of pages of shapes, each level pointing back at its parent: the shape of a
/// drawing program's model. The pages' shape arrays are reported with
/// `traceReferences(visit)`, so duplicating a page (`copy.shapes = page.shapes`) shares one
/// array buffer between two tracked objects, as ordinary Swift does.
final class Document: GCObject {
    var pages: [Page] = []
    let record: LifeRecord?
    let id: Int

    init(heap: Heap, id: Int = 0, record: LifeRecord? = nil) {
        self.id = id
        self.record = record
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        pages.traceReferences(visit)
    }

    override func clear() {
        record?.recordCleared(id)
        pages = []
    }

    deinit { record?.recordFreed(id) }
}

final class Page: GCObject {
    var document: Document?
    var shapes: [Shape] = []
    let record: LifeRecord?
    let id: Int

    init(heap: Heap, id: Int = 0, record: LifeRecord? = nil) {
        self.id = id
        self.record = record
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        if let document { visit(document) }
        shapes.traceReferences(visit)
    }

    override func clear() {
        record?.recordCleared(id)
        document = nil
        shapes = []
    }

    deinit { record?.recordFreed(id) }
}

final class Shape: GCObject, Hashable {
    var page: Page?
    let record: LifeRecord?
    let id: Int

    init(heap: Heap, id: Int = 0, record: LifeRecord? = nil) {
        self.id = id
        self.record = record
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        if let page { visit(page) }
    }

    override func clear() {
        record?.recordCleared(id)
        page = nil
    }

    deinit { record?.recordFreed(id) }

    static func == (lhs: Shape, rhs: Shape) -> Bool { lhs === rhs }
    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// A tracked object holding every kind of standard-library storage, each reported with
/// `traceReferences(visit)`.
final class Container: GCObject {
    var array: [Shape] = []
    var contiguous: ContiguousArray<Shape> = []
    var set: Set<Shape> = []
    var byName: [String: Shape] = [:]
    var byShape: [Shape: Int] = [:]
    var nested: [[Shape]] = []
    var owner: Container?

    override func traverse(_ visit: (GCObject) -> Void) {
        array.traceReferences(visit)
        contiguous.traceReferences(visit)
        set.traceReferences(visit)
        byName.traceReferences(visit)
        byShape.traceReferences(visit)
        nested.traceReferences(visit)
        if let owner { visit(owner) }
    }

    override func clear() {
        array = []
        contiguous = []
        set = []
        byName = [:]
        byShape = [:]
        nested = []
        owner = nil
    }
}

/// A plain class: what it holds counts as held from outside the tracked objects.
final class UntrackedValueBox<Value> {
    var value: Value

    init(_ value: Value) { self.value = value }
}
