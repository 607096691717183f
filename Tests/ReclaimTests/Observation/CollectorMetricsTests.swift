import MetricsTestKit
import Reclaim
import Testing

/// Collection metrics exported through swift-metrics.
@Suite struct CollectorMetricsTests {
    @Test func collectionsReportCountersAndPauseTimesPerGeneration() throws {
        let metrics = TestMetrics()
        let heap = Heap()
        heap.disable()
        heap.metricsFactory = metrics
        do {
            let a = LinkNode(heap: heap)
            a.next = a
            let b = StubbornNode(heap: heap)
            b.next = b
        }
        heap.collect(generation: 0)
        heap.collect()
        heap.collect()
        let zero = [("generation", "0")]
        let two = [("generation", "2")]
        #expect(metrics.counterTotal(label: "reclaim_gc_collections_total", dimensions: zero) == 1)
        #expect(metrics.counterTotal(label: "reclaim_gc_collections_total", dimensions: two) == 2)
        #expect(metrics.counterTotal(label: "reclaim_gc_collected_objects_total", dimensions: zero) == 1)
        #expect(metrics.counterTotal(label: "reclaim_gc_uncollectable_objects_total", dimensions: zero) == 1)
        #expect(metrics.counterTotal(label: "reclaim_gc_collected_objects_total", dimensions: two) == 0)
        let pauses = try metrics.expectTimer("reclaim_gc_pause_seconds", two)
        #expect(pauses.values.count == 2)
        #expect(pauses.values.allSatisfy { $0 >= 0 })
        heap.garbage.removeAll()
    }

    @Test func replacingTheFactoryRedirectsLaterCollections() {
        let first = TestMetrics()
        let second = TestMetrics()
        let heap = Heap()
        heap.metricsFactory = first
        heap.collect()
        heap.metricsFactory = second
        heap.collect()
        let two = [("generation", "2")]
        #expect(first.counterTotal(label: "reclaim_gc_collections_total", dimensions: two) == 1)
        #expect(second.counterTotal(label: "reclaim_gc_collections_total", dimensions: two) == 1)
    }
}
