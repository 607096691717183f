import Reclaim

/// `PairNode` as `@Traced` writes it: the benchmark is kept free of swift-syntax, so this is the
/// macro's expansion (checked against `TracedClassExpansionTests`), written out. It measures
/// what the generated calls cost next to the hand-written `report(a, to: visit)`.
final class TracedPairNode: GCObject, RandomGraphNode {
    var a: TracedPairNode?
    var b: TracedPairNode?

    override func traverse(_ visit: (Reclaim.GCObject) -> Void) {
        Reclaim._TracedSupport.traceStored(self.a, visit)
        Reclaim._TracedSupport.traceStored(self.b, visit)
    }

    override func clear() {
        Reclaim._TracedSupport.clear(&self.a)
        Reclaim._TracedSupport.clear(&self.b)
    }
}
