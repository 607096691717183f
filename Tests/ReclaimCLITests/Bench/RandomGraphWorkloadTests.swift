import ReclaimTestSupport
import Testing

/// `collect-garbage-graph` drops a seeded random graph and times one collection of it, after
/// settling the frees its setup made (see `SetupFrees` in the benchmark): glibc's fast lists
/// hold the setup's freed nodes before, and are empty when the timer starts.
@Suite struct RandomGraphWorkloadTests {
    /// How many nodes of the benchmark's graph (`count` nodes, each with two references drawn
    /// from SplitMix64 seeded 42) are left once ARC has freed, one after another, every node
    /// that no remaining node references: the cyclic garbage the collection must find.
    static func cyclicGarbage(count: Int) -> Int {
        var generator = SplitMix64(seed: 42)
        var targets: [(Int, Int)] = []
        var referrers = [Int](repeating: 0, count: count)
        for _ in 0..<count {
            let first = Int(generator.next() % UInt64(count))
            let second = Int(generator.next() % UInt64(count))
            targets.append((first, second))
            referrers[first] += 1
            referrers[second] += 1
        }
        var freed = (0..<count).filter { referrers[$0] == 0 }
        var freedCount = 0
        while let node = freed.popLast() {
            freedCount += 1
            for target in [targets[node].0, targets[node].1] {
                referrers[target] -= 1
                if referrers[target] == 0 { freed.append(target) }
            }
        }
        return count - freedCount
    }

    #if canImport(Glibc)
        static let isGlibc = true
    #else
        static let isGlibc = false
    #endif

    /// glibc's fast lists are what the settle empties; elsewhere the row does not report them.
    @Test(.enabled(if: Self.isGlibc)) func settlesTheSetupsFreesThenFindsExactlyTheCyclicGarbage() throws {
        // Scale 50: 20 000 nodes, whose array is large enough that glibc maps it, so freeing
        // it merges nothing on its way out and the freed nodes wait on the fast lists.
        let run = try BenchWorkloadRun(["--filter", "collect-garbage-graph", "--scale", "50", "--no-python"])
        let detail = try #require(run.details["collect-garbage-graph"])
        let pending = try #require(detail["fast-list bytes after setup"])
        #expect(pending > 0, "the setup's freed nodes should wait on glibc's fast lists")
        #expect(detail["fast-list bytes at start"] == 0)
        let expected = Self.cyclicGarbage(count: 20_000)
        #expect(expected > 0 && expected < 20_000)
        #expect(detail["unreachable"] == Double(expected))
    }
}
