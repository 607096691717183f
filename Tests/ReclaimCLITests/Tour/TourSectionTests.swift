import Reclaim
import Testing

/// Each section of `reclaim tour`, run through the built binary: the numbers it prints must
/// be the ones the Reclaim API produces for the objects it builds.
@Suite struct TourSectionTests {
    static let sectionsInOrder = [
        "memory", "refcounts", "collector", "automatic", "issues", "inspect", "challenge", "why",
    ]

    private func runTour(_ arguments: [String] = []) throws -> TourOutput {
        let result = try ReclaimExecutable.run(["tour", "--no-color"] + arguments)
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty)
        #expect(!result.containsANSIEscape)
        return TourOutput(text: result.standardOutput)
    }

    @Test func memoryShowsASizedTrackedObjectThatARCFrees() throws {
        let output = try runTour(["--section", "memory"])
        #expect(output.text.contains("1. Memory management [memory]"))
        let address = try #require(output.values(of: "address of a").first)
        #expect(address.hasPrefix("0x") && UInt(address.dropFirst(2), radix: 16) != nil)
        let size = try #require(output.integers(of: "sizeof(a)").first)
        let deep = try #require(output.integers(of: "deepSize(a)").first)
        #expect(size >= 32, "object header, collector header and the properties")
        #expect(deep > size, "the items buffer is a block of its own")
        #expect(output.values(of: "GC.isTracked(a)") == ["true"])
        #expect(output.integers(of: "Heap.current.trackedCount") == [1, 0])
        #expect(output.values(of: "weakA == nil") == ["true"])
        #expect(output.values(of: "deinit ran for") == [#"["a"]"#])
    }

    @Test func refcountsRiseAndFallAndTheListIsFreedAtZero() throws {
        let output = try runTour(["--section", "refcounts"])
        #expect(output.text.contains("2. Reference counting [refcounts]"))
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

    @Test func collectorFreesACycleThatOutlivesItsNames() throws {
        let output = try runTour(["--section", "collector"])
        #expect(output.text.contains("3. The cycle collector [collector]"))
        let countsOfA = output.integers(of: "GC.refcount(of: a)")
        try #require(countsOfA.count == 2)
        #expect(countsOfA[1] == countsOfA[0] + 1, "b's items hold a")
        #expect(output.values(of: "weakA != nil") == ["true"])
        #expect(output.values(of: "weakB != nil") == ["true"])
        #expect(output.integers(of: "GC.refcount(of: probe)") == [2], "the probe plus b's items")
        #expect(output.values(of: "GC.objects() contains a and b") == ["true"])
        #expect(output.integers(of: "found") == [2])
        #expect(output.values(of: "weakA == nil && weakB == nil") == ["true"])
        #expect(output.values(of: "deinit ran for") == [#"["a", "b"]"#])
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
        let young = try #require(output.integers(of: "GC.objects(generation: 0).count").first)
        let promoted = try #require(output.integers(of: "GC.objects(generation: 1).count").first)
        #expect(output.integers(of: "GC.collect()") == [young + promoted], "the leftover garbage")
    }

    @Test func issuesFindTheCacheLeakAndTheClosureCycle() throws {
        let output = try runTour(["--section", "issues"])
        #expect(output.text.contains("5. Common memory issues [issues]"))
        #expect(output.values(of: "ObjectGraph.growth()") == ["ListObject 100 (+100)", "ListObject 200 (+100)"])
        #expect(
            output.values(of: "ObjectGraph.backrefChain(to: newest)") == ["ResultCache → results[] → ListObject"],
            "the cache's property is named"
        )
        let cacheBytes = try #require(output.integers(of: "deepSize(cache)").first)
        #expect(cacheBytes > 200 * 16 * 8, "200 results of 16 items each")
        #expect(output.integers(of: #"ObjectGraph.typeStats()["ListObject"]"#) == [0])
        #expect(
            output.integers(of: "GC.collect()") == [0, 0, 1],
            "the cache's results are reachable, a plain closure is invisible, a Callback is collected"
        )
        #expect(output.values(of: "weakButton != nil") == ["true", "true"])
        #expect(output.values(of: "weakButton == nil") == ["true", "true"])
        #expect(output.values(of: "Heap.current.unreachableObjects()") == [#"["Button"]"#])
        let cycle = try #require(output.values(of: "its references to itself").first)
        #expect(cycle.hasPrefix("Button → onTap"), "the closure property is named")
        #expect(cycle.hasSuffix("→ Button"))
        #expect(output.values(of: "deinit ran for") == [#"["OK"]"#])
    }

    @Test func inspectMeasuresSizesAllocationsAndTypes() throws {
        let output = try runTour(["--section", "inspect"])
        #expect(output.text.contains("6. Inspecting memory [inspect]"))
        let size = try #require(output.integers(of: "sizeof(numbers)").first)
        let deep = try #require(output.integers(of: "deepSize(numbers)").first)
        let buffer = try #require(
            output.values(of: #"DeepSizeReport(measuring: [numbers]).byType["Array<Int>"]"#).first
        )
        let bufferBytes = try #require(buffer.split(separator: " ").dropFirst(2).first.flatMap { Int($0) })
        #expect(buffer.hasPrefix("1 buffer, "))
        #expect(bufferBytes >= 1000 * MemoryLayout<Int>.stride, "1000 integers")
        #expect(size < bufferBytes, "sizeof is shallow")
        #expect(deep == size + bufferBytes, "deepSize adds the buffer to the object")
        #expect(output.values(of: "ObjectGraph.mostCommonTypes(limit: 3)").first?.hasPrefix("ListObject 500") == true)

        try #require(!output.text.contains("AllocationTracer.start() threw"), "the tour's build can trace allocations")
        let top = output.text.split(separator: "\n").filter { $0.contains(": size=") }
        try #require(top.count == 3)
        #expect(top[0].contains("size=\(10_000 * MemoryLayout<Int>.stride + 32) B, count=1,"), "the numbers array")
        #expect(top[1].contains("count=500,"), "the 500 lists")
        #expect(top.allSatisfy { $0.contains("Tour+Inspection.swift:") })
        let traced = try #require(pair(output))
        #expect(traced[0] <= traced[1], "current never exceeds the peak")
    }

    @Test func challengeCollectsTheTwoObjects() throws {
        let output = try runTour(["--section", "challenge"])
        #expect(output.text.contains("7. Practice challenge [challenge]"))
        #expect(output.values(of: "weakA != nil && weakB != nil") == ["true"])
        #expect(output.integers(of: "collected") == [2])
        #expect(output.values(of: "callback at .stop") == ["generation 2, collected 2, uncollectable 0"])
        #expect(output.values(of: "deinit ran for") == [#"["a", "b"]"#])
        #expect(output.values(of: "weakA == nil && weakB == nil") == ["true"])
        #expect(output.integers(of: "GC.garbage.count") == [0])
    }

    @Test func whyComparesMemoryHeldWithAndWithoutCollection() throws {
        let output = try runTour(["--section", "why"])
        #expect(output.text.contains("8. Why it matters [why]"))
        let alive = output.integers(of: "objects alive")
        try #require(alive.count == 2)
        let cycles = try #require(output.text.firstMatch(of: /makePayloadCycles\((\d+)\)/).flatMap { Int($0.1) })
        #expect(alive[0] == 2 * cycles, "with collection off every node is still alive")
        #expect(alive[1] < alive[0], "with collection on, fewer are")
        let collections = output.integers(of: "collections")
        try #require(collections.count == 2)
        #expect(collections[0] == 0)
        #expect(collections[1] > 0)
        #expect(output.integers(of: "freed") == alive, "a collection frees what each run left")

        try #require(!output.text.contains("AllocationTracer.start() threw"), "the tour's build can trace allocations")
        let held = output.integers(of: "bytes held")
        try #require(held.count == 2)
        #expect(held[0] >= alive[0] * 256, "each node holds a 256-byte payload")
        #expect(held[1] < held[0])
        let ratio = try #require(output.values(of: "bytes held off ÷ on").first.flatMap(Double.init))
        #expect(abs(ratio - Double(held[0]) / Double(held[1])) < 0.1)
    }

    @Test func fullTourRunsEverySectionInOrder() throws {
        let output = try runTour()
        let expected = TourSectionTests.sectionsInOrder.enumerated().map { index, name in
            "\(index + 1). [\(name)]"
        }
        let headings = output.headings.map { heading in
            let number = heading.prefix { $0 != " " }
            let name = heading.drop { $0 != "[" }
            return "\(number) \(name)"
        }
        #expect(headings == expected)
        #expect(output.integers(of: "found") == [2], "the collector section frees its cycle")
        #expect(output.integers(of: "collected") == [2], "the challenge frees its two lists")
    }

    @Test func unknownSectionIsRejectedWithTheValidNames() throws {
        let result = try ReclaimExecutable.run(["tour", "--section", "bogus"])
        #expect(result.status != 0)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("'bogus'"))
        let listed = result.standardError.split(separator: "\n").compactMap { line in
            line.hasPrefix("  - ") ? String(line.dropFirst(4)) : nil
        }
        #expect(listed == TourSectionTests.sectionsInOrder)
    }

    /// The `(current, peak)` pair of `AllocationTracer.tracedMemory` as two integers.
    private func pair(_ output: TourOutput) -> [Int]? {
        guard let value = output.values(of: "AllocationTracer.tracedMemory").first,
            value.hasPrefix("("), value.hasSuffix(")")
        else {
            return nil
        }
        let numbers = value.dropFirst().dropLast().split(separator: ", ").compactMap { Int($0) }
        return numbers.count == 2 ? numbers : nil
    }
}
