import Testing

/// Unknown subcommands and options, and option values that `reclaim` and `reclaim-bench`
/// reject: each fails with the usage status (64), a message naming the problem on standard
/// error and nothing on standard output.
@Suite struct BadInputTests {
    @Test(arguments: [
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
        (["--bogus"], "Unknown option '--bogus'"),
        (["tour", "--bogus"], "Unknown option '--bogus'"),
        (["tour", "--section", "nowhere"], "The value 'nowhere' is invalid for '--section <name>'"),
    ])
    func reclaimRejects(arguments: [String], message: String) throws {
        let result = try ReclaimExecutable.run(arguments)
        #expect(result.status == 64)
        #expect(result.standardError.contains(message))
        #expect(result.standardOutput.isEmpty)
    }

    @Test(arguments: [
        (["--bogus"], "Unknown option '--bogus'"),
        (["--repetitions", "0"], "--repetitions must be 1 or more, got 0"),
        (["--repetitions", "abc"], "The value 'abc' is invalid for '--repetitions <count>'"),
        (["--scale", "0"], "--scale must be 1 or more, got 0"),
        (["--thresholds", "700,10"], "--thresholds must be three numbers of 0 or more"),
        (["--json", "--markdown"], "--json and --markdown cannot be combined"),
        (["--variant", "reclaim", "--json"], "cannot be combined with --json or --markdown"),
    ])
    func reclaimBenchRejects(arguments: [String], message: String) throws {
        let result = try ReclaimExecutable.run(arguments, program: "reclaim-bench")
        #expect(result.status == 64)
        #expect(result.standardError.contains(message))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func reclaimBenchFilterMatchingNothingNamesTheWorkloads() throws {
        let result = try ReclaimExecutable.run(["--filter", "nomatch"], program: "reclaim-bench")
        #expect(result.status == 64)
        #expect(result.standardError.contains("--filter 'nomatch' matches no workload; the workloads are: "))
        for workload in ["collect-garbage-graph", "trees", "doubly-linked-lists", "young-with-10m-old"] {
            #expect(result.standardError.contains(workload), "the error names \(workload)")
        }
        #expect(result.standardOutput.isEmpty)
    }
}
