import Testing

/// When long steps of `reclaim tour` draw a progress line on standard error: only when it is a
/// terminal, so files and pipes get no carriage returns.
@Suite struct ProgressTests {
    private static let label = "making 25000 cycles, collection off: "

    @Test(arguments: [["--section", "why"], ["--section", "automatic"]])
    func outputToAFileOrPipeHasNoProgress(arguments: [String]) throws {
        let result = try ReclaimExecutable.run(["tour"] + arguments)
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty)
        #expect(!result.standardOutput.contains("\r"))
        #expect(!result.standardOutput.contains("making"))
    }

    @Test func terminalShowsProgressAndErasesIt() throws {
        let result = try ReclaimExecutable.runInTerminal(
            ["tour", "--section", "why"],
            environment: ["TERM": "xterm"],
            errorToTerminal: true
        )
        #expect(result.status == 0)
        let output = result.standardOutput
        #expect(output.contains("\r" + Self.label + "0%"))
        #expect(output.contains("\r" + Self.label + "100%"))
        let erase = "\r" + String(repeating: " ", count: (Self.label + "100%").count) + "\r"
        #expect(output.contains(erase), "the line is blanked once the loop is done")
        #expect(output.contains("objects alive"), "the readings follow on the same terminal")
    }

    @Test func progressHasNoColorEscapes() throws {
        let result = try ReclaimExecutable.runInTerminal(
            ["tour", "--section", "why", "--no-color"],
            environment: ["TERM": "xterm"],
            errorToTerminal: true
        )
        #expect(result.status == 0)
        #expect(result.standardOutput.contains(Self.label))
        #expect(!result.containsANSIEscape)
    }

    @Test func dumbTerminalHasNoProgress() throws {
        let result = try ReclaimExecutable.runInTerminal(
            ["tour", "--section", "why"],
            environment: ["TERM": "dumb"],
            errorToTerminal: true
        )
        #expect(result.status == 0)
        #expect(!result.standardOutput.contains(Self.label))
    }
}
