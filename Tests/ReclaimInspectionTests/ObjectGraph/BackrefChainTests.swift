import Reclaim
import ReclaimInspection
import Testing

@Suite struct BackrefChainTests {
    /// `window.root → view.children[0] → child.delegate → controller`, held by the locals
    /// `window` and `controller` only.
    private static func buildWindow(heap: Heap, controller: Controller) -> Window {
        let window = Window(heap: heap)
        window.root = View(heap: heap)
        window.root?.children = [View(heap: heap)]
        window.root?.children[0].delegate = controller
        return window
    }

    @Test func aRootHeldByALocal() throws {
        let heap = Heap()
        let controller = Controller(heap: heap)
        let window = Self.buildWindow(heap: heap, controller: controller)
        let chain = try #require(ObjectGraph.backrefChain(to: controller, in: heap))
        #expect(chain.description == "Window → root → View → children[] → View → delegate → Controller")
        #expect(chain.length == 3)
        #expect(chain.links.first?.object === window)
        #expect(chain.links.last?.object === controller)
        #expect(chain.links.map(\.propertyPaths) == [[], ["root"], ["children[]"], ["delegate"]])
    }

    @Test func anExtraReferenceMakesACloserRoot() throws {
        let heap = Heap()
        let controller = Controller(heap: heap)
        let window = Self.buildWindow(heap: heap, controller: controller)
        let child = try #require(window.root?.children.first)
        let chain = try #require(ObjectGraph.backrefChain(to: controller, in: heap))
        #expect(chain.description == "View → delegate → Controller")
        #expect(chain.links.first?.object === child)
    }

    @Test func countsAreNotInflatedByTheSearchOrByAChainHeldByTheCaller() throws {
        let heap = Heap()
        let controller = Controller(heap: heap)
        let window = Self.buildWindow(heap: heap, controller: controller)
        let first = try #require(ObjectGraph.backrefChain(to: controller, in: heap))
        let second = try #require(ObjectGraph.backrefChain(to: controller, in: heap))
        #expect(first.description == "Window → root → View → children[] → View → delegate → Controller")
        #expect(
            second.description == "View → delegate → Controller",
            "the first chain holds both views, so the nearer one is now held from outside"
        )
        withExtendedLifetime(window) {}
    }

    @Test func aRootHeldByAnUntrackedObject() throws {
        let heap = Heap()
        let controller = Controller(heap: heap)
        let holder = UntrackedHolder(Pair(heap: heap))
        (holder.object as? Pair)?.second = controller
        let chain = try #require(ObjectGraph.backrefChain(to: controller, in: heap))
        #expect(chain.description == "Pair → second → Controller")
        #expect(chain.links.first?.object === holder.object)
    }

    @Test func aFrozenObjectsReferenceComesFromOutside() throws {
        let heap = Heap()
        let frozen = Window(heap: heap)
        heap.freeze()
        let controller = Controller(heap: heap)
        frozen.root = View(heap: heap)
        frozen.root?.delegate = controller
        #expect(ObjectGraph.backrefChain(to: controller, in: heap)?.description == "View → delegate → Controller")
        heap.unfreeze()
        #expect(
            ObjectGraph.backrefChain(to: controller, in: heap)?.description
                == "Window → root → View → delegate → Controller"
        )
    }

    @Test func severalReferencesBetweenTwoObjectsAreAllNamed() throws {
        let heap = Heap()
        let controller = Controller(heap: heap)
        let holder = UntrackedHolder(Pair(heap: heap))
        (holder.object as? Pair)?.first = controller
        (holder.object as? Pair)?.second = controller
        let chain = try #require(ObjectGraph.backrefChain(to: controller, in: heap))
        #expect(chain.description == "Pair → first | second → Controller")
    }

    @Test func aReferenceReflectionCannotNameShowsAsAQuestionMark() throws {
        let heap = Heap()
        let controller = Controller(heap: heap)
        let holder = UntrackedHolder(MirroredNode(heap: heap))
        (holder.object as? MirroredNode)?.next = controller
        let chain = try #require(ObjectGraph.backrefChain(to: controller, in: heap))
        #expect(chain.description == "MirroredNode → ? → Controller")
        #expect(chain.links.last?.propertyPaths == [])
    }

    @Test func theShortestChainWins() throws {
        let heap = Heap()
        let controller = Controller(heap: heap)
        let window = Self.buildWindow(heap: heap, controller: controller)
        let pair = Pair(heap: heap)
        pair.first = controller
        let chain = try #require(ObjectGraph.backrefChain(to: controller, in: heap))
        #expect(chain.description == "Pair → first → Controller")
        withExtendedLifetime(window) {}
    }

    @Test func anObjectHeldOnlyFromOutsideHasNoChain() {
        let heap = Heap()
        let controller = Controller(heap: heap)
        let unrelated = Pair(heap: heap)
        #expect(ObjectGraph.backrefChain(to: controller, in: heap) == nil)
        withExtendedLifetime(unrelated) {}
    }

    @Test func referrersThatOnlyTheTargetHoldsAreNoRoots() {
        let heap = Heap()
        let controller = Controller(heap: heap)
        do {
            let pair = Pair(heap: heap)
            pair.first = controller
            controller.model = pair
        }
        #expect(ObjectGraph.backrefChain(to: controller, in: heap) == nil)
        controller.model = nil
    }

    @Test func maxDepthCutsTheSearch() throws {
        let heap = Heap()
        let controller = Controller(heap: heap)
        let window = Self.buildWindow(heap: heap, controller: controller)
        #expect(ObjectGraph.backrefChain(to: controller, maxDepth: 2, in: heap) == nil)
        let chain = try #require(ObjectGraph.backrefChain(to: controller, maxDepth: 3, in: heap))
        #expect(chain.length == 3)
        #expect(ObjectGraph.backrefChain(to: controller, maxDepth: 0, in: heap) == nil)
        withExtendedLifetime(window) {}
    }

    @Test func anUntrackedTargetIsFoundThroughItsTrackedReferrers() throws {
        let heap = Heap()
        let leaf = Leaf(heap: heap)
        let holder = UntrackedHolder(Pair(heap: heap))
        (holder.object as? Pair)?.first = leaf
        #expect(!heap.isTracked(leaf))
        let chain = try #require(ObjectGraph.backrefChain(to: leaf, in: heap))
        #expect(chain.description == "Pair → first → Leaf")
    }
}
