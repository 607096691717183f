import Testing

/// `server-pauses` reports pauses and garbage in both languages; run small (scale 100: 9
/// documents, 18 steps), in whatever build the tests use, and read from the JSON report.
@Suite struct ServerWorkloadTests {
    @Test func serverPausesReportsPausesAndGarbageForBothLanguages() throws {
        let run = try BenchWorkloadRun(["--filter", "server-pauses", "--scale", "100"])
        let detail = try #require(run.details["server-pauses"])
        #expect(detail["live objects"] == Double(9 * 1051))
        let collections = try #require(detail["collections"])
        #expect(collections >= 1, "18 steps allocate about 26 000 tracked objects: at least one young collection")
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
