import ReclaimMacros
import Testing

/// Existential properties at run time: a large value boxed in an `Any` (or `any P`) is
/// reported through its box, which is counted once however many copies share it, and a copy
/// held outside the tracked objects keeps what it reaches alive.
@Suite struct TracedExistentialTests {
    /// The ways a node stores a `BigPayload`.
    enum Placement: CaseIterable, CustomTestStringConvertible {
        case any, optionalAny, protocolExistential, enumPayload

        var testDescription: String {
            switch self {
            case .any: "Any"
            case .optionalAny: "Any?"
            case .protocolExistential: "any Payload"
            case .enumPayload: "an Any enum payload"
            }
        }

        /// Stores a payload pointing at `target` in `holder`.
        func store(in holder: AnyNode, pointingAt target: AnyNode) {
            let payload = BigPayload(node: target)
            switch self {
            case .any: holder.payload = payload
            case .optionalAny: holder.optionalPayload = payload
            case .protocolExistential: holder.shape = payload
            case .enumPayload: holder.carrier = .value(payload)
            }
        }

        /// A copy of the value that holds the payload, sharing its box.
        func copy(from holder: AnyNode) -> Any {
            switch self {
            case .any: holder.payload
            case .optionalAny: holder.optionalPayload as Any
            case .protocolExistential: holder.shape
            case .enumPayload: holder.carrier
            }
        }
    }

    @Test(arguments: Placement.allCases)
    func aCycleThroughABoxedValueIsCollected(placement: Placement) {
        let heap = Heap()
        heap.disable()
        weak var observed: AnyNode?
        do {
            let a = AnyNode(heap: heap)
            let b = AnyNode(heap: heap)
            placement.store(in: a, pointingAt: b)
            placement.store(in: b, pointingAt: a)
            #expect(reported(by: a) == [ObjectIdentifier(b)])
            observed = a
        }
        #expect(observed != nil, "plain ARC leaks the cycle")
        #expect(heap.collect() == 2)
        #expect(observed == nil)
        #expect(heap.stats[2].refused == 0)
    }

    @Test(arguments: Placement.allCases)
    func aCopyOfTheExistentialInALocalKeepsWhatItReachesAliveAndUncleared(placement: Placement) {
        let heap = Heap()
        heap.disable()
        heap._checksInvariantsAfterEachCollection = true
        weak var holder: AnyNode?
        weak var target: AnyNode?
        var saved: Any = 0
        do {
            let a = AnyNode(heap: heap)
            let b = AnyNode(heap: heap)
            placement.store(in: a, pointingAt: b)
            placement.store(in: b, pointingAt: a)
            saved = placement.copy(from: a)
            holder = a
            target = b
        }
        #expect(heap.collect() == 0, "the copy holds b, and through b's payload a")
        #expect(target.map(reported(by:)) == holder.map { [ObjectIdentifier($0)] }, "b was cleared")
        #expect(holder.map(reported(by:)) == target.map { [ObjectIdentifier($0)] }, "a was cleared")
        #expect(heap.stats[2].refused == 0)
        withExtendedLifetime(saved) {}  // held until here

        saved = 0
        #expect(heap.collect() == 2)
        #expect(holder == nil && target == nil)
    }

    @Test func twoObjectsSharingOneBoxCountItOnce() {
        let heap = Heap()
        heap.disable()
        heap._checksInvariantsAfterEachCollection = true
        weak var observed: AnyNode?
        do {
            let first = AnyNode(heap: heap)
            let second = AnyNode(heap: heap)
            let target = AnyNode(heap: heap)
            first.payload = BigPayload(node: target)
            second.payload = first.payload  // one box, two holders
            target.carrier = .value(BigPayload(node: first))
            first.optionalPayload = BigPayload(node: second)
            observed = target
        }
        #expect(heap.collect() == 3)
        #expect(observed == nil)
        #expect(heap.stats[2].refused == 0)
    }

    @Test func aSmallValueIsReportedAsTheHoldersOwn() {
        let heap = Heap()
        heap.disable()
        weak var observed: AnyNode?
        do {
            let a = AnyNode(heap: heap)
            a.payload = a as Any  // a class reference: stored inline, not in a box
            a.optionalPayload = a as Any
            #expect(reported(by: a) == [ObjectIdentifier(a), ObjectIdentifier(a)])
            // clear() sets an optional existential to nil, but cannot drop a reference held
            // directly by a non-optional one.
            a.payload = 0
            observed = a
        }
        #expect(heap.collect() == 1)
        #expect(observed == nil)
    }
}
