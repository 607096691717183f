import Foundation
import Testing

/// The output formats and progress of `reclaim-bench`, on `young-with-100k-old`, whose runs
/// take well under a second even in a debug build. Times are never checked: a debug build's
/// mean nothing.
@Suite struct ReclaimBenchOutputTests {
    private static let workload = "young-with-100k-old"

    private static let reportKeys: Set = ["build", "python", "repetitions", "scale", "workloads"]

    private static let workloadKeys: Set = [
        "name", "summary", "plainVariant", "reclaimSeconds", "plainSeconds", "pythonSeconds", "detail", "target",
        "targetMet", "speedupOverPython", "ratioToPlain",
    ]

    private func report(_ result: ProcessResult) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func jsonHasTheRunsConditionsAndTheFilteredWorkload() throws {
        let result = try ReclaimExecutable.run(
            ["--filter", Self.workload, "--repetitions", "1", "--json"],
            program: "reclaim-bench"
        )
        #expect(result.status == 0)
        let report = try report(result)
        #expect(Set(report.keys) == Self.reportKeys)
        #expect(report["repetitions"] as? Int == 1)
        #expect(report["scale"] as? Int == 1)
        #expect(report["python"] is String)
        let workloads = try #require(report["workloads"] as? [[String: Any]])
        #expect(workloads.map { $0["name"] as? String } == [Self.workload])
        let entry = try #require(workloads.first)
        #expect(Set(entry.keys) == Self.workloadKeys)
        #expect(entry["reclaimSeconds"] is Double)
        #expect(entry["pythonSeconds"] is Double)
    }

    @Test func jsonWithoutPythonKeepsEveryKeyAsNull() throws {
        let result = try ReclaimExecutable.run(
            ["--filter", "100k", "--repetitions", "1", "--no-python", "--json"],
            program: "reclaim-bench"
        )
        #expect(result.status == 0)
        let report = try report(result)
        #expect(Set(report.keys) == Self.reportKeys)
        #expect(report["python"] is NSNull)
        let workloads = try #require(report["workloads"] as? [[String: Any]])
        #expect(workloads.map { $0["name"] as? String } == [Self.workload])
        let entry = try #require(workloads.first)
        #expect(Set(entry.keys) == Self.workloadKeys)
        for key in ["pythonSeconds", "plainSeconds", "speedupOverPython", "ratioToPlain", "targetMet"] {
            #expect(entry[key] is NSNull, "\(key) is null")
        }
    }

    @Test func markdownIsTheTableAndNotesOfBenchmarksMD() throws {
        let result = try ReclaimExecutable.run(
            ["--filter", Self.workload, "--repetitions", "1", "--no-python", "--markdown"],
            program: "reclaim-bench"
        )
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        try #require(lines.count >= 4)
        #expect(lines[0] == "| workload | Reclaim | plain Swift | Reclaim/plain | CPython | CPython/Reclaim | target |")
        #expect(lines[1] == "|---|---|---|---|---|---|---|")
        #expect(lines[2].hasPrefix("| \(Self.workload) | "))
        #expect(lines[3] == "")
        #expect(lines[4] == "```")
        #expect(lines.contains { $0.hasPrefix("CPython not run, scale 1/1, median of 1 runs") })
        #expect(lines.filter { $0 == "```" }.count == 2)
    }

    @Test func progressOnAPipeIsOnePlainLinePerWorkloadOnStandardError() throws {
        let result = try ReclaimExecutable.run(
            ["--filter", Self.workload, "--repetitions", "1", "--no-python", "--json"],
            program: "reclaim-bench"
        )
        #expect(result.status == 0)
        #expect(result.standardError.contains("[1/1] \(Self.workload): "))
        #expect(!result.standardError.contains("\r"))
        #expect(!result.containsANSIEscape)
        #expect(!result.standardOutput.contains("[1/1]"))
    }

    @Test func progressOnATerminalRewritesOneLineAndLeavesStandardOutputClean() throws {
        let result = try ReclaimExecutable.runWithStandardErrorInTerminal(
            ["--filter", Self.workload, "--repetitions", "1", "--no-python", "--json"],
            program: "reclaim-bench"
        )
        #expect(result.status == 0)
        #expect(result.standardError.contains("\r\u{1B}[K[1/1] \(Self.workload): Reclaim 1/1"))
        #expect(result.standardError.hasSuffix("\r\u{1B}[K"))
        #expect(!result.standardOutput.contains("\u{1B}["))
        _ = try report(result)
    }
}
