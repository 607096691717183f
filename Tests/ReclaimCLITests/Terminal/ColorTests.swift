import Testing

/// When `reclaim tour` colors its output: only on a terminal, and never with `--no-color` or
/// a non-empty `NO_COLOR`.
@Suite struct ColorTests {
    private static let escape = "\u{1B}["

    @Test func outputToAFileOrPipeIsPlain() throws {
        let result = try ReclaimExecutable.run(["tour", "--section", "collector"])
        #expect(result.status == 0)
        #expect(!result.standardOutput.isEmpty)
        #expect(!result.containsANSIEscape)
    }

    @Test func noColorFlagIsPlain() throws {
        let result = try ReclaimExecutable.run(["tour", "--section", "collector", "--no-color"])
        #expect(result.status == 0)
        #expect(!result.containsANSIEscape)
    }

    @Test func noColorVariableIsPlain() throws {
        let result = try ReclaimExecutable.run(["tour", "--section", "collector"], environment: ["NO_COLOR": "1"])
        #expect(result.status == 0)
        #expect(!result.containsANSIEscape)
    }

    @Test func terminalOutputIsColored() throws {
        let result = try ReclaimExecutable.runInTerminal(["tour", "--section", "collector"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains(Self.escape + "1m"))
    }

    @Test func emptyNoColorVariableKeepsColors() throws {
        let result = try ReclaimExecutable.runInTerminal(
            ["tour", "--section", "collector"],
            environment: ["NO_COLOR": ""]
        )
        #expect(result.status == 0)
        #expect(result.standardOutput.contains(Self.escape))
    }

    @Test func noColorFlagIsPlainOnATerminal() throws {
        let result = try ReclaimExecutable.runInTerminal(["tour", "--section", "collector", "--no-color"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("3. The cycle collector [collector]"))
        #expect(!result.containsANSIEscape)
    }

    @Test func noColorVariableIsPlainOnATerminal() throws {
        let result = try ReclaimExecutable.runInTerminal(
            ["tour", "--section", "collector"],
            environment: ["NO_COLOR": "1"]
        )
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("3. The cycle collector [collector]"))
        #expect(!result.containsANSIEscape)
    }
}
