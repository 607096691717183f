import Testing

/// The pause workloads report pauses and waiting garbage in both languages; run small (scale
/// 100), in whatever build the tests use, and read from the JSON report.
@Suite struct ServerWorkloadTests {
    @Test(arguments: [
        ("server-pauses", 9 * 1051), ("server-pauses-incremental", 9 * 1051),
        ("server-pauses-incremental-2ms", 9 * 1051), ("connected-heap", 10_000), ("connected-heap-incremental", 10_000),
    ])
    func reportsPausesAndGarbageForBothLanguages(workload: String, liveObjects: Int) throws {
        let run = try BenchWorkloadRun(["--filter", workload, "--scale", "100"])
        let detail = try #require(run.details[workload])
        #expect(detail["live objects"] == Double(liveObjects))
        let collections = try #require(detail["collections"])
        #expect(collections >= 1, "the steps allocate more than threshold 0: at least one collection")
        #expect(detail["automatic full collections"] == 0, "a small heap needs none in either mode")
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
