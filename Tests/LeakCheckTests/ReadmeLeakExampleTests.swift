import LeakCheck
import ReclaimTestSupport
import ReclaimTracing
import Testing

/// The README's "Finding leaks in any Swift code" example, verbatim apart from the assertions.
@Suite(.exclusiveTracing, .enabled(if: AllocationTracer.isAvailable))
struct ReadmeLeakExampleTests {
    final class Downloader {
        var onFinish: (() -> Void)?
        var attempts = 0

        func start() {
            let started = attempts + 1
            onFinish = { print(self, started) }  // captures self: a cycle ARC never frees
        }
    }

    @Test func theReadmeReportIsWhatTheCheckSays() throws {
        var line = 0
        let report = LeakCheck.run {
            line = #line + 1
            Downloader().start()
        }
        .report
        let lines = report.description.split(separator: "\n").map(String.init)
        try #require(lines.count == 4, "\(report)")
        #expect(
            lines[0]
                == "1 leaked reference cycle created in this block (only the cycle keeps it alive; ARC never frees it):"
        )
        #expect(lines[1] == "cycle 1: Downloader.onFinish → closure context (captures self) → Downloader")
        #if DEBUG
            #expect(
                lines[2]
                    == "  Downloader allocated at ReadmeLeakExampleTests.swift:\(line) in closure in ReadmeLeakExampleTests.theReadmeReportIsWhatTheCheckSays()"
            )
            #expect(
                lines[3]
                    == "  closure context allocated at ReadmeLeakExampleTests.swift:15 in ReadmeLeakExampleTests.Downloader.start()"
            )
        #endif
    }

    @Test(.checksForLeaks) func everyObjectThisTestMakesIsChecked() async throws {
        try await Task.sleep(for: .milliseconds(1))
    }
}
