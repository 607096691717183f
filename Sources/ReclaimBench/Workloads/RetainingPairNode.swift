import Reclaim

/// `PairNode` with the `traverse` most hand-written code has: `if let a { visit(a) }`, which
/// copies the property, so Swift retains the object before `visit` and releases it after. It
/// measures what `GCObject.report(_:to:)`, which `PairNode` uses, saves a collection.
final class RetainingPairNode: GCObject {
    var a: RetainingPairNode?
    var b: RetainingPairNode?

    override func traverse(_ visit: (GCObject) -> Void) {
        if let a { visit(a) }
        if let b { visit(b) }
    }

    override func clear() {
        a = nil
        b = nil
    }
}
