import Reclaim
import Testing

/// Each section of `reclaim tour`, run through the built binary: the numbers it prints must
/// be the ones the Reclaim API produces for the objects it builds.
@Suite struct TourSectionTests {
    private func runTour(_ arguments: [String] = []) throws -> TourOutput {
        let result = try ReclaimExecutable.run(["tour", "--no-color"] + arguments)
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty)
        return TourOutput(text: result.standardOutput)
    }

    @Test func refcountsRiseAndFallAndTheListIsFreedAtZero() throws {
        let output = try runTour(["--section", "refcounts"])
        #expect(output.text.contains("1. Reference counting [refcounts]"))
        let counts = output.integers(of: "GC.refcount(of: a)")
        try #require(counts.count == 6)
        #expect(counts[0] >= 1)
        #expect(counts[1] == counts[0], "a weak reference does not count")
        #expect(counts[2] == counts[1] + 1, "let b = a")
        #expect(counts[3] == counts[2] + 1, "an item of c")
        #expect(counts[4] == counts[3] - 1, "c.removeAll()")
        #expect(counts[5] == counts[4] - 1, "b and c out of scope")
        #expect(output.values(of: "weakA == nil") == ["true"])
        #expect(output.values(of: "deinit ran for") == [#"["a"]"#])
    }

    @Test func aCycleOutlivesItsNames() throws {
        let output = try runTour(["--section", "cycles"])
        #expect(output.text.contains("2. Reference cycles [cycles]"))
        let countsOfA = output.integers(of: "GC.refcount(of: a)")
        try #require(countsOfA.count == 2)
        #expect(countsOfA[1] == countsOfA[0] + 1, "b's items hold a")
        #expect(output.values(of: "weakA != nil") == ["true"])
        #expect(output.values(of: "weakB != nil") == ["true"])
        #expect(output.values(of: "deinit ran for") == ["[]"])
        #expect(output.integers(of: "GC.objects().count") == [2])
        #expect(output.values(of: "GC.objects() contains a, b") == ["true, true"])
        #expect(output.integers(of: "GC.refcount(of: probe)") == [2, 2], "the probe plus one reference each")
    }

    @Test func collectFreesTheTwoObjectsOfTheCycle() throws {
        let output = try runTour(["--section", "collect"])
        #expect(output.text.contains("3. Collecting a cycle [collect]"))
        #expect(output.values(of: "weakA != nil && weakB != nil") == ["true"])
        #expect(output.integers(of: "found") == [2])
        #expect(output.values(of: "weakA == nil") == ["true"])
        #expect(output.values(of: "weakB == nil") == ["true"])
        #expect(output.values(of: "deinit ran for") == [#"["a", "b"]"#])
        #expect(output.integers(of: "GC.objects().count") == [0])
        #expect(output.statistic("collections", generation: 2) == 1)
        #expect(output.statistic("collected", generation: 2) == 2)
        #expect(output.statistic("uncollectable", generation: 2) == 0)
        #expect(output.statistic("candidates", generation: 2) == 2)
    }

    @Test func automaticCollectionRunsOncePastTheThreshold() throws {
        let output = try runTour(["--section", "automatic"])
        #expect(output.text.contains("4. Automatic collection [automatic]"))
        let thresholds = try #require(output.triples(of: "GC.thresholds").first)
        let defaults = Heap().thresholds
        #expect(thresholds == [defaults.0, defaults.1, defaults.2], "a new heap's thresholds")
        #expect(output.values(of: "GC.isEnabled") == ["false", "true"])

        let counts = output.triples(of: "GC.counts")
        try #require(counts.count == 5)
        #expect(counts[0] == [0, 0, 0])
        let piles = Array(counts[1...3].map { $0[0] })
        let alive = output.integers(of: "GC.objects().count")
        try #require(alive.count == 4)
        #expect(Array(alive[0..<3]) == piles, "every counted allocation is still alive")
        #expect(piles[0] > 0 && piles[1] == 2 * piles[0] && piles[2] == 3 * piles[0])
        #expect(piles[2] > thresholds[0], "garbage piled up past threshold 0 while disabled")

        let collections = output.integers(of: "GC.stats[0].collections")
        try #require(collections.count == 3)
        #expect(collections[0] == 0, "no collection while disabled")
        #expect(collections[1] == 1, "one allocation after GC.enable() triggers a collection")
        #expect(collections[2] > collections[1], "collections keep running on their own")
        #expect(output.integers(of: "GC.stats[0].collected") == [piles[2]])
        #expect(counts[4] == [0, 1, 0])
        #expect(alive[3] == 1, "only the trigger object is left")

        let peak = try #require(output.integers(of: "peak of GC.counts.0").first)
        #expect(peak <= thresholds[0])
    }

    @Test func fullTourRunsEverySectionInOrder() throws {
        let output = try runTour()
        let headings = [
            "1. Reference counting [refcounts]",
            "2. Reference cycles [cycles]",
            "3. Collecting a cycle [collect]",
            "4. Automatic collection [automatic]",
        ]
        let positions = headings.compactMap { output.text.range(of: $0)?.lowerBound }
        #expect(positions.count == headings.count)
        #expect(positions == positions.sorted())
        #expect(output.integers(of: "found") == [2], "the cycle left by `cycles` is what `collect` frees")
        #expect(output.statistic("collected", generation: 2) == 2)
    }

    @Test func unknownSectionIsRejectedWithTheValidNames() throws {
        let result = try ReclaimExecutable.run(["tour", "--section", "bogus"])
        #expect(result.status != 0)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("'bogus'"))
        for section in ["refcounts", "cycles", "collect", "automatic"] {
            #expect(result.standardError.contains("'\(section)'"))
        }
    }
}
