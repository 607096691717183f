import ReclaimMacros
import Testing

/// `indirect` enums at run time: their boxes are counted once, however many copies share them,
/// and a copy held outside the tracked objects keeps what they reach alive.
@Suite struct TracedIndirectEnumTests {
    @Test func aCycleThroughAnIndirectEnumIsCollected() {
        let heap = Heap()
        heap.disable()
        weak var first: ChainNode?
        weak var last: ChainNode?
        do {
            let a = ChainNode(heap: heap)
            let b = ChainNode(heap: heap)
            let c = ChainNode(heap: heap)
            a.chain = .link(b, .link(c, .end))
            c.chain = .link(a, .end)
            #expect(reported(by: a) == [ObjectIdentifier(b), ObjectIdentifier(c)])
            first = a
            last = c
        }
        #expect(first != nil, "plain ARC leaks the cycle")
        #expect(heap.collect() == 3)
        #expect(first == nil && last == nil)
        #expect(heap.stats[2].refused == 0)
    }

    @Test func aCopyOfTheEnumInALocalKeepsEverythingItReachesAliveAndUncleared() {
        let heap = Heap()
        heap.disable()
        heap._checksInvariantsAfterEachCollection = true
        weak var first: ChainNode?
        weak var middle: ChainNode?
        weak var last: ChainNode?
        var saved = Chain.end
        do {
            let a = ChainNode(heap: heap)
            let b = ChainNode(heap: heap)
            let c = ChainNode(heap: heap)
            a.chain = .link(b, .link(c, .end))
            b.chain = .link(a, .end)
            c.chain = .link(a, .end)
            saved = a.chain
            first = a
            middle = b
            last = c
        }
        // Only the copy in `saved` holds the boxes from outside: through them b and c, and
        // through their chains a.
        #expect(heap.collect() == 0)
        #expect(first?.chain.nodes.map(ObjectIdentifier.init) == saved.nodes.map(ObjectIdentifier.init))
        #expect(middle?.chain.nodes.first === first && last?.chain.nodes.first === first, "a chain was cleared")
        #expect(heap.stats[2].refused == 0)

        saved = .end
        #expect(heap.collect() == 3)
        #expect(first == nil && middle == nil && last == nil)
    }

    @Test func twoObjectsSharingAChainCountItsBoxesOnce() {
        let heap = Heap()
        heap.disable()
        heap._checksInvariantsAfterEachCollection = true
        weak var shared: ChainNode?
        do {
            let a = ChainNode(heap: heap)
            let b = ChainNode(heap: heap)
            let target = ChainNode(heap: heap)
            a.chain = .link(target, .end)
            b.chain = a.chain  // one box, two holders
            target.chain = .link(a, .link(b, .end))
            shared = target
        }
        #expect(heap.collect() == 3)
        #expect(shared == nil)
        #expect(heap.stats[2].refused == 0)
    }

    @Test func aSharedTailKeepsItsNodesWhenOneHolderIsCollected() {
        let heap = Heap()
        heap.disable()
        weak var tailNode: ChainNode?
        let survivor = ChainNode(heap: heap)
        do {
            let garbage = ChainNode(heap: heap)
            let tail = ChainNode(heap: heap)
            tail.chain = .link(garbage, .end)
            garbage.chain = .link(tail, .end)
            // The survivor's chain shares garbage's box: a live copy keeps `tail` alive.
            survivor.chain = .link(survivor, garbage.chain)
            garbage.chain = .link(garbage, garbage.chain)
            tailNode = tail
        }
        // garbage's chain reaches tail through the shared box, which survivor holds too: nothing
        // is unreachable.
        #expect(heap.collect() == 0)
        #expect(tailNode?.chain.nodes.count == 1)
        survivor.chain = .end
        #expect(heap.collect() == 2)
        #expect(tailNode == nil)
    }

    @Test func anEnumWithoutAPayloadlessCaseIsRebuiltWithItsPayloadsCleared() {
        let heap = Heap()
        heap.disable()
        weak var observed: TreeHolder?
        do {
            let holder = TreeHolder(heap: heap)
            holder.tree = .node(.leaf(holder), .node(.leaf(nil), .leaf(holder)))
            #expect(reported(by: holder) == [ObjectIdentifier(holder), ObjectIdentifier(holder)])
            observed = holder
        }
        #expect(heap.collect() == 1)
        #expect(observed == nil)
    }
}

/// An indirect enum without a payload-less case: clearing rebuilds every box with its
/// payloads cleared.
@Traced indirect enum NodeTree {
    case leaf(TreeHolder?)
    case node(NodeTree, NodeTree)
}

@Traced final class TreeHolder: GCObject {
    var tree: NodeTree = .leaf(nil)
}

/// A list of many `indirect` links is scanned one box after another, not one nested call per
/// link: a collection of an object holding 50 000 links returns instead of overflowing the
/// stack (a debug build overflowed at about 20 000 nested links; ARC frees 50 000).
@Suite struct TracedIndirectChainDepthTests {
    @Test func aCollectionScansAVeryLongChainWithoutDeepRecursion() {
        let heap = Heap()
        heap.disable()
        weak var weakHolder: ChainNode?
        do {
            let holder = ChainNode(heap: heap)
            let member = ChainNode(heap: heap)
            var chain = Chain.end
            for _ in 0..<50_000 {
                chain = .link(member, chain)
            }
            holder.chain = .link(holder, chain)
            weakHolder = holder
        }
        #expect(weakHolder != nil, "plain ARC leaks the cycle through the chain's first link")
        #expect(heap.collect() == 2)
        #expect(weakHolder == nil)
        #expect(heap.stats[2].refused == 0)
    }
}
