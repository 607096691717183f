import Reclaim

/// A tracked document: its pages point back at it.
final class TrackedDocument: GCObject {
    var pages: [TrackedPage] = []

    override func traverse(_ visit: (GCObject) -> Void) {
        pages.traceReferences(visit)
    }

    override func clear() {
        pages = []
    }
}

/// A tracked page. A duplicate page shares its original's shape array (`copy.shapes =
/// page.shapes`): one buffer, reported by two tracked objects, which the collector counts
/// as a node of its own with its real retain count.
final class TrackedPage: GCObject {
    var document: TrackedDocument?
    var shapes: [TrackedShape] = []

    init(document: TrackedDocument) {
        self.document = document
        super.init()
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        report(document, to: visit)
        shapes.traceReferences(visit)
    }

    override func clear() {
        document = nil
        shapes = []
    }
}

/// A tracked shape, pointing back at the page that created it.
final class TrackedShape: GCObject {
    var page: TrackedPage?

    init(page: TrackedPage) {
        self.page = page
        super.init()
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        report(page, to: visit)
    }

    override func clear() {
        page = nil
    }
}

/// The plain Swift document: `weak` parent pointers break the cycles.
final class PlainDocument {
    var pages: [WeakParentPage] = []
}

final class WeakParentPage {
    weak var document: PlainDocument?
    var shapes: [WeakParentShape] = []

    init(document: PlainDocument) { self.document = document }
}

final class WeakParentShape {
    weak var page: WeakParentPage?

    init(page: WeakParentPage) { self.page = page }
}

/// What `DocumentWorkloads.document(_:)` builds, in the tracked and in the plain model.
protocol DocumentModel: AnyObject {
    associatedtype Page: PageModel where Page.Document == Self
    init()
    var pages: [Page] { get set }
}

protocol PageModel: AnyObject {
    associatedtype Document
    associatedtype Shape: ShapeModel where Shape.Page == Self
    init(document: Document)
    var shapes: [Shape] { get set }
}

protocol ShapeModel: AnyObject {
    associatedtype Page
    init(page: Page)
}

extension TrackedDocument: DocumentModel {}
extension TrackedPage: PageModel {}
extension TrackedShape: ShapeModel {}
extension PlainDocument: DocumentModel {}
extension WeakParentPage: PageModel {}
extension WeakParentShape: ShapeModel {}

/// Documents of pages of shapes, with parent pointers at every level and every other page a
/// duplicate that shares the previous page's shape array: the storage that copies of a
/// Swift value share, inside cycles. `shared-buffers` builds 1 000 of them (1.05 M tracked
/// objects) and drops them; `copied-out-arrays` keeps copies of a few shape arrays outside
/// the tracked objects, which must keep their documents alive through a full collection.
enum DocumentWorkloads {
    static let documentCount = 1000
    /// Pages per document: originals and their duplicates, alternating.
    static let pageCount = 50
    static let shapesPerPage = 40
    /// `copied-out-arrays` copies the shape array of every this-many-th original page.
    static let copyEvery = 100

    /// Tracked objects per document: the document, its pages, and the originals' shapes.
    static let objectsPerDocument = 1 + pageCount + pageCount / 2 * shapesPerPage

    static func documents(scale: Int) -> Int { max(1, documentCount / scale) }

    /// A document of `pageCount` pages, every other one a duplicate sharing the previous
    /// page's shape array, in either model.
    static func document<Document: DocumentModel>(_: Document.Type) -> Document {
        let document = Document()
        var pages: [Document.Page] = []
        pages.reserveCapacity(pageCount)
        for _ in 0..<pageCount / 2 {
            let page = Document.Page(document: document)
            var shapes: [Document.Page.Shape] = []
            shapes.reserveCapacity(shapesPerPage)
            for _ in 0..<shapesPerPage { shapes.append(Document.Page.Shape(page: page)) }
            page.shapes = shapes
            let copy = Document.Page(document: document)
            copy.shapes = page.shapes
            pages.append(page)
            pages.append(copy)
        }
        document.pages = pages
        return document
    }

    /// The change in `refused` and `heldBack` over all generations since `before`.
    private static func refusals(since before: [GenerationStats]) -> (refused: Int, heldBack: Int) {
        let after = GC.stats
        return (
            zip(after, before).map { $0.refused - $1.refused }.reduce(0, +),
            zip(after, before).map { $0.heldBack - $1.heldBack }.reduce(0, +)
        )
    }

    static let sharedBuffers = Workload(
        name: "shared-buffers",
        summary: "1 000 documents of 50 pages, every other page sharing its shape array, built and dropped, auto GC",
        plainVariant: "weak parent pointers",
        target: .none,
        reclaim: { scale in
            GC.collect()
            let count = documents(scale: scale)
            let trackedBefore = Heap.current.trackedCount
            let before = GC.stats
            let time = Stopwatch.time {
                do {
                    var documents: [TrackedDocument] = []
                    documents.reserveCapacity(count)
                    for _ in 0..<count { documents.append(document(TrackedDocument.self)) }
                }
                GC.collect()
            }
            var detail = CollectorActivity.since(before)
            let objects = count * objectsPerDocument
            let (refused, heldBack) = refusals(since: before)
            let left = Heap.current.trackedCount - trackedBefore
            guard detail["collected"] == Double(objects), refused == 0, heldBack == 0, left == 0 else {
                fatalError(
                    "shared-buffers: built \(objects) objects, collected \(detail["collected"] ?? 0), "
                        + "\(left) still tracked, refused \(refused), held back \(heldBack)"
                )
            }
            detail["objects"] = Double(objects)
            detail["refused"] = Double(refused)
            return .init(time: time, detail: detail)
        },
        plain: { scale in
            let count = documents(scale: scale)
            let time = Stopwatch.time {
                var documents: [PlainDocument] = []
                documents.reserveCapacity(count)
                for _ in 0..<count { documents.append(document(PlainDocument.self)) }
            }
            return .init(time: time)
        },
        pythonDetail: ["collected", "objects"]
    )

    static let copiedOutArrays = Workload(
        name: "copied-out-arrays",
        summary: "the same documents, 1 shape array in 100 also held in a local array; dropped, full collection",
        plainVariant: "n/a: with weak parents the copies would not keep their pages",
        target: .none,
        reclaim: { scale in
            GC.collect()
            let count = documents(scale: scale)
            let trackedBefore = Heap.current.trackedCount
            let before = GC.stats
            var copies: [[TrackedShape]] = []
            var keptDocuments = 0
            do {
                var documents: [TrackedDocument] = []
                documents.reserveCapacity(count)
                var originals = 0
                for _ in 0..<count {
                    let document = document(TrackedDocument.self)
                    let copiesBefore = copies.count
                    for page in stride(from: 0, to: pageCount, by: 2) {
                        originals += 1
                        if originals.isMultiple(of: copyEvery) { copies.append(document.pages[page].shapes) }
                    }
                    if copies.count > copiesBefore { keptDocuments += 1 }
                    documents.append(document)
                }
            }
            var found = 0
            let time = Stopwatch.time { found = GC.collect() }
            let survivors = Heap.current.trackedCount - trackedBefore
            let (refused, heldBack) = refusals(since: before)
            let intact = copies.allSatisfy { shapes in
                shapes.count == shapesPerPage
                    && shapes.allSatisfy {
                        $0.page?.shapes.count == shapesPerPage && $0.page?.document?.pages.count == pageCount
                    }
            }
            let expectedSurvivors = keptDocuments * objectsPerDocument
            guard survivors == expectedSurvivors, found == (count - keptDocuments) * objectsPerDocument,
                refused == 0, heldBack == 0, intact
            else {
                fatalError(
                    "copied-out-arrays: \(survivors) objects survived, expected \(expectedSurvivors); "
                        + "\(found) unreachable; refused \(refused), held back \(heldBack); "
                        + "what the copies reach is \(intact ? "intact" : "cleared")"
                )
            }
            let copiedArrays = copies.count
            copies = []
            GC.collect()
            return .init(
                time: time,
                detail: [
                    "unreachable": Double(found),
                    "survivors": Double(survivors),
                    "copied arrays": Double(copiedArrays),
                    "documents kept": Double(keptDocuments),
                    "refused": Double(refused),
                ]
            )
        },
        plain: nil,
        pythonDetail: ["unreachable", "survivors"]
    )
}
