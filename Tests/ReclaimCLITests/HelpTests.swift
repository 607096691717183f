import Testing

/// `--help` of `reclaim` and `reclaim tour`, read from the built binary.
@Suite struct HelpTests {
    @Test func rootHelpDescribesTheToolAndListsTour() throws {
        let result = try ReclaimExecutable.run(["--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("OVERVIEW: Explore Reclaim, CPython's cycle collector for Swift."))
        #expect(result.standardOutput.contains("USAGE: reclaim <subcommand>"))
        #expect(result.standardOutput.contains("SUBCOMMANDS:"))
        #expect(result.standardOutput.contains("tour"))
        #expect(result.standardOutput.contains("reclaim tour"))
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
}
