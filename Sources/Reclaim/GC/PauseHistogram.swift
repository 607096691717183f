/// How long collections paused the program, counted in buckets a quarter of a doubling wide
/// (each bucket's upper bound is 2^¼ ≈ 1.19 times its lower one), from 1 µs to about 18
/// minutes, with the longest pause kept exactly: enough for a p99 within 19 % without
/// storing every pause.
///
///     let pauses = GC.stats[0].pauses
///     print(pauses.count, pauses.percentile(0.99), pauses.longest)
///
/// Each generation's ``GenerationStats`` has one; a collection of generation 2 counts in
/// generation 2's only, as its time does.
///
/// # Thread safety
/// A value: each copy is independent.
public struct PauseHistogram: Sendable, Hashable {
    /// Buckets per doubling of the pause.
    static let bucketsPerDoubling = 4
    /// Bucket 0 holds pauses under 1 µs; bucket *i* ≥ 1 holds pauses in
    /// [2^((*i* − 1)/4), 2^(*i*/4)) µs; the last one also holds everything longer.
    static let bucketCount = 1 + 30 * bucketsPerDoubling + 1

    /// The number of pauses in each bucket; see ``bucketRange(_:)``.
    public private(set) var counts: [Int]

    /// The number of pauses recorded.
    public private(set) var count = 0

    /// The longest pause recorded, exactly; `.zero` when there is none.
    public private(set) var longest: Duration = .zero

    /// The sum of all pauses recorded.
    public private(set) var total: Duration = .zero

    /// An empty histogram.
    public init() {
        counts = [Int](repeating: 0, count: Self.bucketCount)
    }

    /// The upper bound of each bucket but the last, in nanoseconds: 1 000 for bucket 0, then
    /// 1 000 × 2^(*i*/4), exact at each doubling.
    private static let upperBounds: [Int64] = {
        let quarterPowers = [1.0, 1.189_207_115_002_721, 1.414_213_562_373_095, 1.681_792_830_507_429]
        return (0..<(bucketCount - 1)).map { bucket in
            Int64((Double(Int64(1_000) << (bucket / bucketsPerDoubling)) * quarterPowers[bucket % 4]).rounded())
        }
    }()

    /// The pauses bucket `bucket` counts: at least the lower bound, less than the upper.
    ///
    /// - Precondition: `bucket` is an index of ``counts``.
    public static func bucketRange(_ bucket: Int) -> Range<Duration> {
        precondition(
            (0..<bucketCount).contains(bucket),
            "PauseHistogram.bucketRange: bucket \(bucket) is not in 0..<\(bucketCount)"
        )
        let lower: Duration = bucket == 0 ? .zero : .nanoseconds(upperBounds[bucket - 1])
        let upper: Duration = bucket == bucketCount - 1 ? .seconds(Int64.max) : .nanoseconds(upperBounds[bucket])
        return lower..<upper
    }

    /// The bucket a pause falls in (a binary search of the bounds).
    static func bucket(of pause: Duration) -> Int {
        let (seconds, attoseconds) = pause.components
        let nanoseconds =
            seconds >= Int64.max / 1_000_000_000 ? Int64.max : seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        var low = 0
        var high = upperBounds.count
        while low < high {
            let middle = (low + high) / 2
            if nanoseconds < upperBounds[middle] { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Counts one pause.
    ///
    /// - Complexity: O(1).
    public mutating func record(_ pause: Duration) {
        counts[Self.bucket(of: pause)] += 1
        count += 1
        total += pause
        longest = Swift.max(longest, pause)
    }

    /// A pause that `fraction` of the pauses do not exceed.
    ///
    /// - Parameter fraction: From 0 to 1: 0.5 for the median, 0.99 for p99.
    /// - Returns: The upper bound of the bucket that holds the pause of that rank, or the
    ///   longest pause if that is shorter (so `percentile(1)` is ``longest``): an
    ///   overestimate by less than 19 %. `.zero` when nothing was recorded.
    /// - Complexity: O(*b*) in the number of buckets.
    public func percentile(_ fraction: Double) -> Duration {
        precondition((0...1).contains(fraction), "PauseHistogram.percentile: \(fraction) is not between 0 and 1")
        guard count > 0 else { return .zero }
        let rank = Swift.max(1, Int((fraction * Double(count)).rounded(.up)))
        var seen = 0
        for (bucket, bucketCount) in counts.enumerated() where bucketCount > 0 {
            seen += bucketCount
            if seen >= rank { return Swift.min(Self.bucketRange(bucket).upperBound, longest) }
        }
        return longest
    }

    /// The buckets that hold pauses, shortest first, with their ranges.
    public var nonEmptyBuckets: [(range: Range<Duration>, count: Int)] {
        counts.indices.filter { counts[$0] > 0 }.map { (Self.bucketRange($0), counts[$0]) }
    }

    /// Adds the pauses of `other`.
    ///
    /// - Complexity: O(*b*) in the number of buckets.
    public mutating func merge(_ other: PauseHistogram) {
        for bucket in counts.indices { counts[bucket] += other.counts[bucket] }
        count += other.count
        total += other.total
        longest = Swift.max(longest, other.longest)
    }
}
