import Reclaim
import ReclaimInspection
import Testing

@Suite struct ReferenceChainTests {
    @Test func descriptionAlternatesTypesAndPaths() {
        let heap = Heap()
        let objects: [GCObject] = [Window(heap: heap), View(heap: heap), Controller(heap: heap)]
        let chain = ReferenceChain(links: [
            ReferenceLink(object: objects[0], typeName: "Window", propertyPaths: []),
            ReferenceLink(object: objects[1], typeName: "View", propertyPaths: ["root", "spare"]),
            ReferenceLink(object: objects[2], typeName: "Controller", propertyPaths: []),
        ])
        #expect(chain.description == "Window → root | spare → View → ? → Controller")
        #expect(chain.length == 2)
    }
}
