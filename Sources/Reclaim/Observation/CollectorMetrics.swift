import CoreMetrics

/// The swift-metrics objects one heap records its collections in: one set per generation,
/// created once (metric creation goes through the factory's registry, too slow to repeat for
/// every collection). See ``Heap/metricsFactory`` for the names.
final class CollectorMetrics {
    private struct Generation {
        let collections: Counter
        let collected: Counter
        let uncollectable: Counter
        let resurrected: Counter
        let pause: Timer
    }

    private let generations: [Generation]

    init(factory: any MetricsFactory) {
        generations = (0...2).map { generation in
            let dimensions = [("generation", String(generation))]
            return Generation(
                collections: Counter(label: "reclaim_gc_collections_total", dimensions: dimensions, factory: factory),
                collected: Counter(
                    label: "reclaim_gc_collected_objects_total",
                    dimensions: dimensions,
                    factory: factory
                ),
                uncollectable: Counter(
                    label: "reclaim_gc_uncollectable_objects_total",
                    dimensions: dimensions,
                    factory: factory
                ),
                resurrected: Counter(
                    label: "reclaim_gc_resurrected_objects_total",
                    dimensions: dimensions,
                    factory: factory
                ),
                pause: Timer(label: "reclaim_gc_pause_seconds", dimensions: dimensions, factory: factory)
            )
        }
    }

    func record(_ info: CollectionInfo) {
        let metrics = generations[info.generation]
        metrics.collections.increment()
        if info.collected > 0 { metrics.collected.increment(by: info.collected) }
        if info.uncollectable > 0 { metrics.uncollectable.increment(by: info.uncollectable) }
        if info.resurrected > 0 { metrics.resurrected.increment(by: info.resurrected) }
        let (seconds, attoseconds) = info.duration.components
        metrics.pause.recordNanoseconds(seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000)
    }
}
