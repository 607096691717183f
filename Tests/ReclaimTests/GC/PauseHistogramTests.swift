import Reclaim
import ReclaimTestSupport
import Testing

/// `PauseHistogram`: quarter-doubling buckets, percentiles within a bucket, and the pauses
/// every heap records per generation without a callback.
@Suite struct PauseHistogramTests {
    @Test func bucketsTileTheDurationsInQuarterDoublings() {
        let buckets = PauseHistogram().counts.indices
        #expect(PauseHistogram.bucketRange(0) == .zero ..< .microseconds(1))
        for bucket in buckets.dropFirst() {
            let range = PauseHistogram.bucketRange(bucket)
            #expect(range.lowerBound == PauseHistogram.bucketRange(bucket - 1).upperBound, "bucket \(bucket)")
            guard bucket < buckets.last! else { continue }
            let ratio = (range.upperBound / range.lowerBound)
            #expect(ratio > 1.18 && ratio < 1.20, "bucket \(bucket): upper / lower = \(ratio)")
        }
        // Exact at every doubling: 1, 2, 4 … µs start a bucket.
        for doubling in 0..<30 {
            let start = Duration.nanoseconds(Int64(1_000) << doubling)
            #expect(buckets.contains { PauseHistogram.bucketRange($0).lowerBound == start }, "2^\(doubling) µs")
        }
        #expect(PauseHistogram.bucketRange(buckets.last!).upperBound >= .seconds(1_000_000))
    }

    @Test func eachPauseIsCountedInTheBucketThatHoldsIt() {
        var rng = SplitMix64(seed: 7)
        var histogram = PauseHistogram()
        var pauses: [Duration] = [.zero, .nanoseconds(999), .microseconds(1), .seconds(3_600)]
        for _ in 0..<2_000 { pauses.append(.nanoseconds(Int64.random(in: 0..<50_000_000_000, using: &rng))) }
        for pause in pauses { histogram.record(pause) }
        #expect(histogram.count == pauses.count)
        #expect(histogram.counts.reduce(0, +) == pauses.count)
        #expect(histogram.longest == pauses.max())
        #expect(histogram.total == pauses.reduce(.zero, +))
        for (range, count) in histogram.nonEmptyBuckets {
            #expect(count == pauses.count { range.contains($0) }, "\(range)")
        }
    }

    @Test func percentilesAreWithinOneBucketAboveTheTruePause() {
        var histogram = PauseHistogram()
        let pauses = (1...1_000).map { Duration.microseconds($0) }
        for pause in pauses.shuffled() { histogram.record(pause) }
        for fraction in [0.01, 0.25, 0.5, 0.9, 0.99, 0.999] {
            let exact = pauses[Int((fraction * 1_000).rounded(.up)) - 1]
            let estimate = histogram.percentile(fraction)
            #expect(estimate >= exact && estimate <= exact * 1.19 + .nanoseconds(1), "p\(fraction * 100): \(estimate)")
        }
        #expect(histogram.percentile(1) == .microseconds(1_000))
        #expect(PauseHistogram().percentile(0.99) == .zero)
    }

    @Test func mergingAddsThePausesOfBoth() {
        var first = PauseHistogram()
        var second = PauseHistogram()
        var both = PauseHistogram()
        for micro in stride(from: 1, to: 5_000, by: 7) {
            let pause = Duration.microseconds(micro)
            if micro % 2 == 0 { first.record(pause) } else { second.record(pause) }
            both.record(pause)
        }
        first.merge(second)
        #expect(first == both)
    }

    @Test func everyCollectionsPauseIsRecordedForItsGeneration() {
        let heap = Heap()
        heap.disable()
        var durations: [Int: [Duration]] = [:]
        heap.callbacks.append { phase, info in
            if phase == .stop { durations[info.generation, default: []].append(info.duration) }
        }
        for round in 0..<30 {
            do {
                let a = LinkNode(heap: heap)
                let b = LinkNode(heap: heap)
                a.next = b
                b.next = a
            }
            heap.collect(generation: round % 3)
        }
        for generation in 0...2 {
            let stats = heap.stats[generation]
            let recorded = durations[generation] ?? []
            #expect(stats.pauses.count == stats.collections)
            #expect(stats.pauses.count == recorded.count)
            #expect(stats.longestPause == recorded.max())
            #expect(stats.pauses.total == stats.timeSpent)
            #expect(stats.pauses.percentile(1) == recorded.max())
        }
    }
}
