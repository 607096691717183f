import ReclaimMacros
import Testing

/// A final class: its stored `var`s are read as plain loads, so the generated `traverse`
/// reports what they hold without a retain.
@Traced private final class FinalHolder: GCObject {
    var next: FinalHolder?
    var label = ""
}

/// A class that is not final: a subclass may override `next`, so the generated `traverse`
/// keeps the retain.
@Traced private class OpenHolder: GCObject {
    var next: OpenHolder?
    var value = 0
}

/// Overrides `next` with a computed getter whose result nothing else holds.
private final class ComputedHolder: OpenHolder {
    override var next: OpenHolder? {
        get {
            let fresh = OpenHolder()
            fresh.value = 42
            return fresh
        }
        set {}
    }
}

/// What `@Traced`'s generated `traverse` costs in retains, and where it must keep them.
@Suite struct TracedStoredReferenceTests {
    @Test func aFinalClassReportsItsStoredReferencesWithoutARetain() {
        let heap = Heap()
        heap.withCurrent {
            let target = FinalHolder()
            let holder = FinalHolder()
            holder.next = target
            let outside = GC.refcount(of: target)
            var during: [Int] = []
            holder.traverse { during.append(GC.refcount(of: $0)) }
            #expect(during == [outside])
        }
    }

    @Test func aClassThatIsNotFinalKeepsAComputedOverridesResultAlive() {
        let heap = Heap()
        heap.withCurrent {
            let holder = ComputedHolder()
            var values: [Int] = []
            holder.traverse { values.append(($0 as? OpenHolder)?.value ?? -1) }
            #expect(values == [42])
        }
    }
}
