import Reclaim
import ReclaimInspection
import Testing

@Suite struct RefChainTests {
    @Test func followsTraverseToTheTarget() throws {
        let heap = Heap()
        let window = Window(heap: heap)
        let controller = Controller(heap: heap)
        window.root = View(heap: heap)
        window.root?.children = [View(heap: heap), View(heap: heap)]
        window.root?.children[1].delegate = controller
        let chain = try #require(ObjectGraph.refChain(from: window, to: controller))
        #expect(chain.description == "Window → root → View → children[] → View → delegate → Controller")
        #expect(
            chain.objects.map(ObjectIdentifier.init) == [
                ObjectIdentifier(window), ObjectIdentifier(window.root!), ObjectIdentifier(window.root!.children[1]),
                ObjectIdentifier(controller),
            ]
        )
        #expect(ObjectGraph.refChain(from: window, to: controller, maxDepth: 2) == nil)
        #expect(ObjectGraph.refChain(from: controller, to: window) == nil, "references are one-way")
    }

    @Test func aChainFromAnObjectToItselfHasOneLink() throws {
        let heap = Heap()
        let window = Window(heap: heap)
        let chain = try #require(ObjectGraph.refChain(from: window, to: window, maxDepth: 0))
        #expect(chain.description == "Window")
        #expect(chain.length == 0)
    }

    @Test func aPredicateChoosesTheDestination() throws {
        let heap = Heap()
        let pair = Pair(heap: heap)
        pair.first = Box(7, heap: heap)
        (pair.first as? Box<Int>)?.next = Box("end", heap: heap)
        pair.second = pair
        let chain = try #require(ObjectGraph.refChain(from: pair) { $0 is Box<String> })
        #expect(chain.description == "Pair → first → Box<Int> → next → Box<String>")
        pair.second = nil
    }
}
