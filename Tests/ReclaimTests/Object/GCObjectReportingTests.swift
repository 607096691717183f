import Reclaim
import Testing

/// Never tracked (it does not override `traverse`): the target of a non-optional reference.
private final class Anchor: GCObject {}

/// A node with an optional reference and a non-optional one; its subclasses report them in
/// three ways.
private class AnchoredNode: GCObject {
    final var next: AnchoredNode?
    final let anchor: Anchor

    init(heap: Heap, anchor: Anchor) {
        self.anchor = anchor
        super.init(heap: heap)
    }

    override func clear() {
        next = nil
    }
}

/// Reports its references with `report(_:to:)`.
private final class ReportingNode: AnchoredNode {
    override func traverse(_ visit: (GCObject) -> Void) {
        report(next, to: visit)
        report(anchor, to: visit)
    }
}

/// `ReportingNode` in a generic class, whose `traverse` runs unspecialized.
private final class GenericReportingNode<Tag>: AnchoredNode {
    override func traverse(_ visit: (GCObject) -> Void) {
        report(next, to: visit)
        report(anchor, to: visit)
    }
}

/// A class whose `next` a subclass may override, reported as the code `@Traced` generates
/// reports it.
private class OverridableNode: GCObject {
    var next: OverridableNode?
    let value: Int

    init(heap: Heap, value: Int) {
        self.value = value
        super.init(heap: heap)
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        Reclaim._TracedSupport.trace(self.next, visit)
    }
}

/// Overrides `next` with a computed getter that returns an object nothing else holds.
private final class ComputedNextNode: OverridableNode {
    let home: Heap

    init(home: Heap) {
        self.home = home
        super.init(heap: home, value: 1)
    }

    override var next: OverridableNode? {
        get { OverridableNode(heap: home, value: 42) }
        set {}
    }
}

/// Reports its references as most hand-written code does, binding each property first.
private final class RetainingNode: AnchoredNode {
    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
        visit(anchor)
    }
}

@Suite struct GCObjectReportingTests {
    @Test func reportsEachReferenceOnceInOrderAndSkipsNil() {
        let heap = Heap()
        let anchor = Anchor()
        let first = ReportingNode(heap: heap, anchor: anchor)
        let second = ReportingNode(heap: heap, anchor: anchor)
        first.next = second
        var reported: [ObjectIdentifier] = []
        first.traverse { reported.append(ObjectIdentifier($0)) }
        #expect(reported == [ObjectIdentifier(second), ObjectIdentifier(anchor)])
        reported = []
        second.traverse { reported.append(ObjectIdentifier($0)) }
        #expect(reported == [ObjectIdentifier(anchor)])
    }

    /// `visit` sees the reference counts the objects have outside it: nothing retained them
    /// for the call with `report(_:to:)`, also in a generic class, in a debug build and in
    /// release (CI runs this suite in both). Binding the property first
    /// (`if let next { visit(next) }`) shows one more for a `var`, which proves the check can
    /// see a retain.
    @Test func visitRunsWithoutARetain() {
        let heap = Heap()
        let anchor = Anchor()
        let target = ReportingNode(heap: heap, anchor: anchor)
        let node = ReportingNode(heap: heap, anchor: anchor)
        node.next = target
        let genericTarget = GenericReportingNode<Int>(heap: heap, anchor: anchor)
        let genericNode = GenericReportingNode<Int>(heap: heap, anchor: anchor)
        genericNode.next = genericTarget
        let retainingTarget = RetainingNode(heap: heap, anchor: anchor)
        let retainingNode = RetainingNode(heap: heap, anchor: anchor)
        retainingNode.next = retainingTarget

        let reporting = Self.referenceCounts(of: target, anchor, reportedBy: node)
        let generic = Self.referenceCounts(of: genericTarget, anchor, reportedBy: genericNode)
        let retaining = Self.referenceCounts(of: retainingTarget, anchor, reportedBy: retainingNode)

        // The `var` is copied; the `let`, which nothing can change during `visit`, is not.
        #expect(retaining.inside[0] == retaining.outside[0] + 1)
        #expect(reporting.inside == reporting.outside)
        #expect(generic.inside == generic.outside)
    }

    /// The reference counts of `target` and `anchor`, both referenced by `holder`, outside
    /// `visit` and as `visit` sees them while `holder` is traversed.
    private static func referenceCounts(
        of target: AnchoredNode,
        _ anchor: Anchor,
        reportedBy holder: AnchoredNode
    ) -> (outside: [Int], inside: [Int]) {
        let outside = [GC.refcount(of: target), GC.refcount(of: anchor)]
        var inside: [Int] = []
        holder.traverse { inside.append(GC.refcount(of: $0)) }
        return (outside, inside)
    }

    /// The generated calls keep the retain: an overridden getter's result, which nothing else
    /// holds, stays alive while `visit` runs (read unretained, it would be freed first; the
    /// address sanitizer run of this suite would report the read below).
    @Test func generatedCallsKeepAComputedGettersResultAlive() {
        let heap = Heap()
        let node = ComputedNextNode(home: heap)
        var values: [Int] = []
        node.traverse { values.append(($0 as? OverridableNode)?.value ?? -1) }
        #expect(values == [42])
    }

    @Test func cyclesReportedWithoutRetainsAreCollectedAndLiveOnesKept() {
        let heap = Heap()
        heap._checksInvariantsAfterEachCollection = true
        let anchor = Anchor()
        weak var dropped: ReportingNode?
        var kept: ReportingNode? = ReportingNode(heap: heap, anchor: anchor)
        do {
            let a = ReportingNode(heap: heap, anchor: anchor)
            let b = ReportingNode(heap: heap, anchor: anchor)
            a.next = b
            b.next = a
            dropped = a
            let c = ReportingNode(heap: heap, anchor: anchor)
            c.next = kept
            kept?.next = c
        }
        #expect(heap.collect() == 2)
        #expect(dropped == nil)
        #expect(kept?.next?.next === kept)
        kept?.next = nil
        kept = nil
        #expect(heap.collect() == 0)
        #expect(heap.trackedCount == 0)
    }
}
