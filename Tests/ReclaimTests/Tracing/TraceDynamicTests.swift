import Reclaim
import Testing

/// A generic property bound to an existential (`Holder<Any>`) is reported through the box that
/// copies of the value share: a copy kept outside keeps what the value reaches alive.
@Suite struct TraceDynamicTests {
    /// Large enough (five words) to live in a box inside an `Any`.
    struct Payload: Traceable {
        var node: GCObject?
        var padding: (Int, Int, Int, Int) = (1, 2, 3, 4)

        func traceReferences(_ visit: (GCObject) -> Void) {
            if let node { visit(node) }
        }

        mutating func clearReferences() {
            node = nil
        }
    }

    /// A tracked object with a generic property, reported as `@Traced` reports one.
    final class Holder<Value>: GCObject {
        var value: Value

        init(heap: Heap, value: Value) {
            self.value = value
            super.init(heap: heap)
        }

        override func traverse(_ visit: (GCObject) -> Void) {
            _TracedSupport.traceDynamic(value, visit)
        }

        override func clear() {
            _TracedSupport.clearDynamic(&value)
        }
    }

    private func makeHeap() -> Heap {
        let heap = Heap()
        heap.disable()
        heap._checksInvariantsAfterEachCollection = true
        return heap
    }

    @Test func aCopyOfABoxedValueInALocalKeepsWhatItReachesAlive() {
        let heap = makeHeap()
        var keep: Any = 0
        do {
            let node = NeighborNode(heap: heap)
            let holder = Holder<Any>(heap: heap, value: Payload(node: node))
            node.next = holder
            keep = holder.value
        }
        #expect(heap.collect() == 0, "the local copy shares the box, which holds the node")
        #expect(((keep as? Payload)?.node as? NeighborNode)?.next is Holder<Any>, "nothing was cleared")
        keep = 0
        #expect(heap.collect() == 2)
    }

    @Test func anOptionalExistentialIsReportedThroughItsBoxToo() {
        let heap = makeHeap()
        var keep: Any? = nil
        do {
            let node = NeighborNode(heap: heap)
            let holder = Holder<Any?>(heap: heap, value: Payload(node: node))
            node.next = holder
            keep = holder.value
        }
        #expect(heap.collect() == 0)
        #expect(((keep as? Payload)?.node as? NeighborNode)?.next != nil, "nothing was cleared")
        keep = nil
        #expect(heap.collect() == 2)
    }

    @Test func theOnlyCopyOfABoxedValueInAGarbageCycleIsCollected() {
        let heap = makeHeap()
        do {
            let node = NeighborNode(heap: heap)
            let holder = Holder<Any>(heap: heap, value: Payload(node: node))
            node.next = holder
        }
        #expect(heap.collect() == 2)
        #expect(heap.stats[2].refused == 0)
    }

    /// A protocol with a primary associated type, for `any Boxing<Node>`.
    protocol Boxing<Content> {
        associatedtype Content
        var content: Content { get }
    }

    struct BoxedPayload: Boxing, Traceable {
        var payload: Payload
        var content: GCObject? { payload.node }

        func traceReferences(_ visit: (GCObject) -> Void) { payload.traceReferences(visit) }
    }

    @Test func aParameterizedExistentialIsLeftOutWhichOnlyLeaks() {
        let heap = makeHeap()
        weak var weakNode: NeighborNode?
        do {
            let node = NeighborNode(heap: heap)
            let holder = Holder<any Boxing<GCObject?>>(heap: heap, value: BoxedPayload(payload: Payload(node: node)))
            node.next = holder
            weakNode = node
        }
        #expect(heap.collect() == 0, "not reported, so never cleared: the cycle leaks")
        #expect(weakNode?.next != nil)
        weakNode?.next = nil
        #expect(weakNode == nil)
    }

    @Test func plainGenericValuesAreReportedAsBefore() {
        let heap = makeHeap()
        weak var weakHolder: Holder<[NeighborNode]?>?
        weak var weakSingle: Holder<NeighborNode?>?
        weak var weakPlain: Holder<Int>?
        do {
            let node = NeighborNode(heap: heap)
            let holder = Holder<[NeighborNode]?>(heap: heap, value: [node])
            node.next = holder
            let plain = Holder<Int>(heap: heap, value: 1)
            let other = NeighborNode(heap: heap)
            let single = Holder<NeighborNode?>(heap: heap, value: other)
            other.next = single
            (weakHolder, weakSingle, weakPlain) = (holder, single, plain)
        }
        #expect(weakPlain == nil, "freed by ARC")
        #expect(heap.collect() == 4, "the two cycles")
        #expect(weakHolder == nil && weakSingle == nil)
    }
}
