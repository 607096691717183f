import Foundation
import Testing

/// `reclaim bench`: from a debug build it prints the `swift run -c release reclaim-bench`
/// command with the arguments it was given and fails; from a release build it runs the
/// `reclaim-bench` beside it, whose status and messages come through.
@Suite struct BenchCommandTests {
    #if DEBUG
        @Test func debugBuildPrintsTheReleaseCommandWithTheArgumentsAndFails() throws {
            let result = try ReclaimExecutable.run(["bench", "--filter", "trees", "--repetitions", "5", "--markdown"])
            #expect(result.status == 1)
            let message = result.standardError
            #expect(message.contains("this reclaim is a debug build"))
            #expect(
                message.contains("\n  swift run -c release reclaim-bench --filter trees --repetitions 5 --markdown\n")
            )
            #expect(message.contains("The first release build takes a few minutes."))
            #expect(message.contains("reclaim bench --build"))
            #expect(result.standardOutput.isEmpty)
        }

        @Test func passedArgumentsAreQuotedForTheShellAndLoseTheirTerminator() throws {
            let result = try ReclaimExecutable.run(["bench", "--filter", "a b", "--python", "it's", "--", "--help"])
            #expect(result.status == 1)
            #expect(
                result.standardError.contains(
                    "\n  swift run -c release reclaim-bench --filter 'a b' --python 'it'\\''s' --help\n"
                )
            )
        }

        @Test func withoutArgumentsTheCommandHasNone() throws {
            let result = try ReclaimExecutable.run(["bench"])
            #expect(result.status == 1)
            #expect(result.standardError.contains("\n  swift run -c release reclaim-bench\n"))
        }
    #else
        @Test func releaseBuildRunsReclaimBenchAndForwardsItsStatus() throws {
            let result = try ReclaimExecutable.run(["bench", "--filter", "nomatch"])
            #expect(result.status == 64)
            #expect(result.standardError.contains("--filter 'nomatch' matches no workload"))
        }
    #endif

    @Test func buildOutsideThePackageFails() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("reclaim-bench-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try ReclaimExecutable.run(["bench", "--build", "--filter", "trees"], currentDirectory: directory)
        #expect(result.status == 1)
        #expect(result.standardError.contains("must be the Reclaim package"))
        #expect(result.standardError.contains("has no Package.swift that defines reclaim-bench"))
        #expect(result.standardOutput.isEmpty)
    }
}
