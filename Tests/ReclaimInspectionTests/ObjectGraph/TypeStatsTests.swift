import Reclaim
import ReclaimInspection
import Testing

@Suite struct TypeStatsTests {
    @Test func countsTrackedObjectsPerShortTypeName() {
        let heap = Heap()
        let objects: [GCObject] = [
            Window(heap: heap), View(heap: heap), View(heap: heap), View(heap: heap), Pair(heap: heap),
            Box(1, heap: heap), Box("a", heap: heap), Leaf(heap: heap),
        ]
        #expect(
            ObjectGraph.typeStats(in: heap) == ["Window": 1, "View": 3, "Pair": 1, "Box<Int>": 1, "Box<String>": 1]
        )
        withExtendedLifetime(objects) {}
    }

    @Test func qualifiedNamesIncludeTheModuleAndTheArguments() {
        let heap = Heap()
        let objects: [GCObject] = [Window(heap: heap), Box(1, heap: heap)]
        #expect(
            ObjectGraph.typeStats(naming: .qualified, in: heap) == [
                "ReclaimInspectionTests.Window": 1, "ReclaimInspectionTests.Box<Swift.Int>": 1,
            ]
        )
        withExtendedLifetime(objects) {}
    }

    @Test func frozenObjectsAreNotCounted() {
        let heap = Heap()
        let frozen = Window(heap: heap)
        heap.freeze()
        let view = View(heap: heap)
        #expect(ObjectGraph.typeStats(in: heap) == ["View": 1])
        withExtendedLifetime((frozen, view)) {}
    }

    @Test func mostCommonTypesSortsByCountThenName() {
        let heap = Heap()
        let objects: [GCObject] = [
            Window(heap: heap), Window(heap: heap), View(heap: heap), View(heap: heap), View(heap: heap),
            Pair(heap: heap), Pair(heap: heap), Controller(heap: heap),
        ]
        let expected = [
            TypeCount(name: "View", count: 3), TypeCount(name: "Pair", count: 2), TypeCount(name: "Window", count: 2),
            TypeCount(name: "Controller", count: 1),
        ]
        #expect(ObjectGraph.mostCommonTypes(in: heap) == expected)
        #expect(ObjectGraph.mostCommonTypes(limit: 2, in: heap) == Array(expected.prefix(2)))
        #expect(ObjectGraph.mostCommonTypes(limit: nil, in: heap) == expected)
        #expect(ObjectGraph.mostCommonTypes(limit: 0, in: heap) == [])
        withExtendedLifetime(objects) {}
    }

    @Test func anEmptyHeapHasNoTypes() {
        let heap = Heap()
        #expect(ObjectGraph.typeStats(in: heap).isEmpty)
        #expect(ObjectGraph.mostCommonTypes(in: heap).isEmpty)
    }
}
