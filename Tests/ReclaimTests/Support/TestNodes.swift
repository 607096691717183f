import Reclaim

/// A tracked node with one optional reference, the smallest cyclic structure.
final class LinkNode: GCObject {
    var next: LinkNode?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
    }

    override func clear() { next = nil }
}

/// A node whose `traverse` reports its reference twice: the over-reporting bug that the
/// collector must refuse to act on.
final class OverReportingNode: GCObject {
    var next: GCObject?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next {
            visit(next)
            visit(next)
        }
    }

    override func clear() { next = nil }
}

/// A node whose `clear()` forgets to drop its reference, so its cycle survives clearing.
final class StubbornNode: GCObject {
    var next: GCObject?
    var onDeinit: (() -> Void)?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
    }

    deinit { onDeinit?() }
}

/// A node whose `traverse` runs arbitrary code supplied by the test (a contract violation).
final class MisbehavingTraverseNode: GCObject {
    var duringTraverse: (() -> Void)?

    override func traverse(_ visit: (GCObject) -> Void) {
        duringTraverse?()
    }
}

/// A node whose `clear()` runs arbitrary code supplied by the test.
final class HookNode: GCObject {
    var next: GCObject?
    var onClear: (() -> Void)?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
    }

    override func clear() {
        onClear?()
        onClear = nil
        next = nil
    }
}

/// Runs `body` on a new thread and waits for it: the thread starts with an empty default heap,
/// so tests of the `GC` namespace are independent of each other.
func onFreshThread(_ body: @escaping @Sendable () -> Void) {
    let thread = TestThread(body)
    thread.join()
}

/// A node with 256 bytes of inline payload: an object several times larger than a `LinkNode`,
/// for pacing that follows instance sizes.
final class BulkyNode: GCObject {
    var next: GCObject?
    var payload = (SIMD64<UInt8>(), SIMD64<UInt8>(), SIMD64<UInt8>(), SIMD64<UInt8>())

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
    }

    override func clear() { next = nil }
}
