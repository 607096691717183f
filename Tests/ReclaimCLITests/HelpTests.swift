import Testing

/// `--help` of `reclaim`, `reclaim tour`, `reclaim bench` and `reclaim-bench`, read from the
/// built binaries.
@Suite struct HelpTests {
    @Test func rootHelpDescribesTheToolAndListsTour() throws {
        let result = try ReclaimExecutable.run(["--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("OVERVIEW: Explore Reclaim, CPython's cycle collector for Swift."))
        #expect(result.standardOutput.contains("USAGE: reclaim <subcommand>"))
        #expect(result.standardOutput.contains("SUBCOMMANDS:"))
        #expect(result.standardOutput.contains("tour"))
        #expect(result.standardOutput.contains("reclaim tour"))
        #expect(result.standardOutput.contains("  bench "), "help lists bench")
    }

    @Test func rootWithoutSubcommandPrintsHelp() throws {
        let result = try ReclaimExecutable.run([])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("USAGE: reclaim <subcommand>"))
    }

    @Test(arguments: [["tour", "--help"], ["help", "tour"]])
    func tourHelpDescribesSectionsAndOptions(arguments: [String]) throws {
        let result = try ReclaimExecutable.run(arguments)
        #expect(result.status == 0)
        let help = result.standardOutput
        #expect(help.contains("OVERVIEW: Show memory management and cycle collection on live objects."))
        #expect(help.contains("USAGE: reclaim tour [--section <name>] [--no-color]"))
        #expect(help.contains("--no-color"))
        #expect(help.contains("NO_COLOR"))
        let positions = TourSectionTests.sectionsInOrder.map { section in
            help.range(of: "\n  \(section) ")?.lowerBound
        }
        #expect(positions.allSatisfy { $0 != nil }, "help lists every section")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "in the tour's order")
    }

    @Test(arguments: [["bench", "--help"], ["help", "bench"], ["bench", "--filter", "trees", "-h"]])
    func benchHelpExplainsReleaseBuildsAndPassing(arguments: [String]) throws {
        let result = try ReclaimExecutable.run(arguments)
        #expect(result.status == 0)
        let help = result.standardOutput
        #expect(help.contains("OVERVIEW: Run Reclaim's benchmarks (reclaim-bench) from a release build."))
        #expect(help.contains("USAGE: reclaim bench [--build] [<reclaim-bench-arguments> ...]"))
        #expect(help.contains("--build"))
        #expect(help.contains("swift run -c release reclaim-bench"))
        #expect(help.contains("reclaim bench -- --help"))
        #expect(result.standardError.isEmpty)
    }

    @Test func reclaimBenchHelpDescribesOptionsAndWorkloads() throws {
        let result = try ReclaimExecutable.run(["--help"], program: "reclaim-bench")
        #expect(result.status == 0)
        let help = result.standardOutput
        #expect(help.contains("OVERVIEW: Benchmark Reclaim's collector against plain Swift and CPython 3.13."))
        #expect(help.contains("USAGE: reclaim-bench [--filter <name>]"))
        for option in ["--filter <name>", "--scale <factor>", "--repetitions <count>", "--json", "--markdown"] {
            #expect(help.contains("  \(option)"), "help describes \(option)")
        }
        #expect(help.contains("swift run -c release reclaim-bench"))
        for workload in [
            "collect-garbage-graph", "trees-with-parents", "churn", "shared-buffers", "copied-out-arrays",
            "young-with-100k-old",
        ] {
            #expect(help.contains("\n  \(workload)\n"), "help lists workload \(workload)")
        }
    }
}
