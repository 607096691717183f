import Reclaim

/// A parent that owns its children; a child refers back to its parent strongly, the bug the
/// leak checks must find.
final class Parent: GCObject {
    var children: [Child] = []

    override func traverse(_ visit: (GCObject) -> Void) {
        children.traceReferences(visit)
    }

    override func clear() { children = [] }
}

/// A child with a strong back-reference to its parent and optional attachments.
final class Child: GCObject {
    var parent: Parent?
    var attachments: [Attachment] = []

    override func traverse(_ visit: (GCObject) -> Void) {
        if let parent { visit(parent) }
        attachments.traceReferences(visit)
    }

    override func clear() {
        parent = nil
        attachments = []
    }
}

/// A tracked leaf that holds nothing back: kept alive by whoever holds it.
final class Attachment: GCObject {
    var owner: Attachment?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let owner { visit(owner) }
    }

    override func clear() { owner = nil }
}

/// A cache that outlives the checks, holding whatever is put in it.
final class Cache: GCObject {
    var entries: [Attachment] = []

    override func traverse(_ visit: (GCObject) -> Void) {
        entries.traceReferences(visit)
    }

    override func clear() { entries = [] }
}

/// Builds the structures the tests check, recording the line of each allocation.
enum Fixtures {
    /// A parent and one child referring to each other; returns the allocation lines.
    static func makeFamily(heap: Heap) -> (parentLine: Int, childLine: Int) {
        let parent = Parent(heap: heap)
        let parentLine = #line - 1
        let child = Child(heap: heap)
        let childLine = #line - 1
        child.parent = parent
        parent.children.append(child)
        return (parentLine, childLine)
    }
}
