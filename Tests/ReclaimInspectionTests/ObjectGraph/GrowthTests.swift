import Reclaim
import ReclaimInspection
import Testing

@Suite struct GrowthTests {
    @Test func reportsGrowthBeyondThePeak() {
        let heap = Heap()
        let tracker = TypeGrowthTracker()
        var windows = [Window(heap: heap)]
        var views = [View(heap: heap), View(heap: heap)]
        #expect(
            tracker.growth(in: heap) == [
                TypeGrowth(name: "View", total: 2, delta: 2), TypeGrowth(name: "Window", total: 1, delta: 1),
            ]
        )
        #expect(tracker.growth(in: heap) == [], "nothing changed")

        views += [View(heap: heap), View(heap: heap), View(heap: heap)]
        #expect(tracker.growth(in: heap) == [TypeGrowth(name: "View", total: 5, delta: 3)])

        views.removeLast(3)
        #expect(tracker.growth(in: heap) == [], "fewer objects than the peak")

        views += [View(heap: heap), View(heap: heap)]
        #expect(tracker.growth(in: heap) == [], "back up to 4, still below the peak of 5")

        views += [View(heap: heap), View(heap: heap)]
        windows.append(Window(heap: heap))
        #expect(
            tracker.growth(in: heap) == [
                TypeGrowth(name: "View", total: 6, delta: 1), TypeGrowth(name: "Window", total: 2, delta: 1),
            ]
        )
        #expect(tracker.peaks == ["View": 6, "Window": 2])
        withExtendedLifetime((windows, views)) {}
    }

    @Test func collectsCyclesBeforeCounting() {
        let heap = Heap()
        heap.disable()
        let tracker = TypeGrowthTracker()
        do {
            let a = Pair(heap: heap)
            let b = Pair(heap: heap)
            a.first = b
            b.first = a
        }
        #expect(tracker.growth(in: heap) == [])
        #expect(heap.trackedCount == 0)
    }

    @Test func theLimitCutsRowsButEveryPeakIsUpdated() {
        let heap = Heap()
        let tracker = TypeGrowthTracker()
        let objects: [GCObject] = [Window(heap: heap), View(heap: heap), View(heap: heap), Pair(heap: heap)]
        #expect(tracker.growth(limit: 1, in: heap) == [TypeGrowth(name: "View", total: 2, delta: 2)])
        #expect(tracker.growth(in: heap) == [])
        #expect(tracker.peaks == ["View": 2, "Window": 1, "Pair": 1])
        tracker.reset()
        #expect(tracker.growth(limit: nil, in: heap).count == 3)
        withExtendedLifetime(objects) {}
    }

    @Test func qualifiedTrackerKeepsItsNaming() {
        let heap = Heap()
        let tracker = TypeGrowthTracker(naming: .qualified)
        let box = Box(1.5, heap: heap)
        #expect(
            tracker.growth(in: heap) == [
                TypeGrowth(name: "ReclaimInspectionTests.Box<Swift.Double>", total: 1, delta: 1)
            ]
        )
        withExtendedLifetime(box) {}
    }

    @Test func theDefaultTrackerBelongsToItsHeap() {
        let heap = Heap()
        let other = Heap()
        #expect(TypeGrowthTracker.default(for: heap) === TypeGrowthTracker.default(for: heap))
        #expect(TypeGrowthTracker.default(for: heap) !== TypeGrowthTracker.default(for: other))
        let view = View(heap: heap)
        #expect(ObjectGraph.growth(in: heap) == [TypeGrowth(name: "View", total: 1, delta: 1)])
        #expect(ObjectGraph.growth(in: heap) == [])
        #expect(TypeGrowthTracker.default(for: heap).peaks == ["View": 1])
        withExtendedLifetime(view) {}
    }

    @Test func theDefaultTrackerDiesWithItsHeap() {
        weak var weakHeap: Heap?
        weak var weakTracker: TypeGrowthTracker?
        do {
            let heap = Heap()
            weakHeap = heap
            weakTracker = TypeGrowthTracker.default(for: heap)
            ObjectGraph.growth(in: heap)
        }
        #expect(weakHeap == nil)
        #expect(weakTracker == nil)
    }
}
