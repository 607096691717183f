import Reclaim

/// A tracked node with one reference and a finalizer supplied by the test.
final class FinalizingLinkNode: GCObject {
    var next: GCObject?
    var onFinalize: (() -> Void)?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
    }

    override func clear() { next = nil }

    override func finalize() { onFinalize?() }
}
