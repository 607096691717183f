import Foundation

/// The `reclaim` and `reclaim-bench` binaries built next to the test bundle, run as child
/// processes.
enum ReclaimExecutable {
    /// Raised when a binary is not found in the build products directory.
    struct NotFound: Error, CustomStringConvertible {
        let program: String
        let searched: [URL]

        var description: String {
            "no \(program) executable in " + searched.map(\.path).joined(separator: ", ")
        }
    }

    /// The build products directories the test bundle may live in, most likely first. Both
    /// `swift test` and `swift test --scratch-path <dir>` put the bundle next to the binaries.
    static var candidateDirectories: [URL] {
        let arguments = CommandLine.arguments.prefix(1).map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
        let bundles = Bundle.allBundles.filter { $0.bundleURL.pathExtension == "xctest" }
            .map { $0.bundleURL.deletingLastPathComponent() }
        let main = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        return arguments + bundles + main
    }

    /// The location of the binary named `program`, `reclaim` or `reclaim-bench`.
    static func url(of program: String) throws -> URL {
        let directories = candidateDirectories
        for directory in directories {
            let candidate = directory.appendingPathComponent(program)
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw NotFound(program: program, searched: directories)
    }

    /// The environment of the test process without the variables that change the output.
    static var baseEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        return environment
    }

    /// Runs `program` (`reclaim` unless given) with `arguments`, standard output and standard
    /// error going to files (not terminals), and waits for it to exit.
    static func run(
        _ arguments: [String],
        program: String = "reclaim",
        environment: [String: String] = [:],
        currentDirectory: URL? = nil
    ) throws -> ProcessResult {
        let process = try makeProcess(program, arguments, environment: environment)
        process.currentDirectoryURL = currentDirectory
        return try ProcessResult.capturing(process)
    }

    /// Runs `reclaim` with standard output connected to a new pseudo-terminal, so that it sees
    /// a terminal, and waits for it to exit. Standard error is discarded, or with
    /// `errorToTerminal` written to the same terminal, so that the output holds both.
    static func runInTerminal(
        _ arguments: [String],
        environment: [String: String] = [:],
        errorToTerminal: Bool = false
    ) throws -> ProcessResult {
        let terminal = try PseudoTerminal()
        let process = try makeProcess("reclaim", arguments, environment: environment)
        process.standardOutput = terminal.replicaHandle
        process.standardError = errorToTerminal ? terminal.replicaHandle : FileHandle.nullDevice
        try process.run()
        terminal.closeReplica()
        let output = terminal.readUntilClosed()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, standardOutput: output, standardError: "")
    }

    /// Runs `program` with standard error connected to a new pseudo-terminal and standard
    /// output going to a file, and waits for it to exit. The terminal turns each `\n` of
    /// standard error into `\r\n`.
    static func runWithStandardErrorInTerminal(_ arguments: [String], program: String) throws -> ProcessResult {
        let outputURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("reclaim-cli-tests-\(UUID().uuidString)-stdout")
        guard FileManager.default.createFile(atPath: outputURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? FileManager.default.removeItem(at: outputURL) }
        let output = try FileHandle(forWritingTo: outputURL)
        let terminal = try PseudoTerminal()
        let process = try makeProcess(program, arguments, environment: [:])
        process.standardOutput = output
        process.standardError = terminal.replicaHandle
        try process.run()
        terminal.closeReplica()
        let error = terminal.readUntilClosed()
        process.waitUntilExit()
        try output.close()
        return ProcessResult(
            status: process.terminationStatus,
            standardOutput: try String(contentsOf: outputURL, encoding: .utf8),
            standardError: error
        )
    }

    private static func makeProcess(
        _ program: String,
        _ arguments: [String],
        environment: [String: String]
    ) throws -> Process {
        let process = Process()
        process.executableURL = try url(of: program)
        process.arguments = arguments
        process.environment = baseEnvironment.merging(environment) { _, override in override }
        return process
    }
}
