import Testing

/// The pause workloads report pauses and waiting garbage in both languages; run small (scale
/// 100), in whatever build the tests use, and read from the JSON report.
@Suite struct ServerWorkloadTests {
    /// Each workload, its live objects, and whether its increments' size is fixed in objects.
    /// A time budget's object count follows how fast the machine runs at that moment: in a
    /// debug build under the load of the whole suite, it can be smaller than one document, an
    /// increment is then cut inside it, and the full-collection fallback may run.
    @Test(arguments: [
        ("server-pauses", 9 * 1051, true), ("server-pauses-incremental", 9 * 1051, true),
        ("server-pauses-incremental-2ms", 9 * 1051, false), ("connected-heap", 10_000, true),
        ("connected-heap-incremental", 10_000, true),
    ])
    func reportsPausesAndGarbageForBothLanguages(workload: String, liveObjects: Int, sizeInObjects: Bool) throws {
        let run = try BenchWorkloadRun(["--filter", workload, "--scale", "100"])
        let detail = try #require(run.details[workload])
        #expect(detail["live objects"] == Double(liveObjects))
        let collections = try #require(detail["collections"])
        #expect(collections >= 1, "the steps allocate more than threshold 0: at least one collection")
        let fullCollections = try #require(detail["automatic full collections"])
        if sizeInObjects {
            #expect(fullCollections == 0, "a small heap needs none in either mode")
        }
        for language in ["", "python "] {
            let longest = try #require(detail[language + "longest pause ms"], "\(language)longest pause")
            let p99 = try #require(detail[language + "p99 pause ms"])
            let full = try #require(detail[language + "full collection of the live heap ms"])
            #expect(longest >= p99 && p99 > 0 && full > 0, "\(language): longest \(longest), p99 \(p99)")
            let ratio = try #require(detail[language + "longest / full"])
            #expect(abs(ratio - longest / full) <= 1e-9 * ratio)
            #expect(try #require(detail[language + "largest tracked / live"]) >= 1)
            #expect(try #require(detail[language + "collector ms"]) >= longest)
        }
    }
}
