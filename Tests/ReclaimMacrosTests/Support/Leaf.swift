import ReclaimMacros

/// A `@Traced` class with nothing to trace (plain data and an `@Untraced` reference), so it
/// gets no `traverse` and its instances are not tracked. Its `pin` is a strong reference the
/// collector cannot see: the pinned node looks referenced from outside while the leaf lives.
@Traced final class Leaf: GCObject {
    let id: Int
    var weight = 1.5
    @Untraced var pin: OracleNode?

    init(id: Int, heap: Heap) {
        self.id = id
        super.init(heap: heap)
    }
}

extension Leaf: OracleVertex {
    func strongEdges() -> [GraphEdge] {
        pin.map { [GraphEdge(slot: .pin, target: $0.id)] } ?? []
    }

    func weakTarget(of slot: EdgeSlot) -> Int? { nil }
}
