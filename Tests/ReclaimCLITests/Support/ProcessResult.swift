import Foundation

/// What a finished run of the `reclaim` binary produced.
struct ProcessResult {
    let status: Int32
    let standardOutput: String
    let standardError: String

    /// Whether standard output or standard error contains an ANSI escape sequence.
    var containsANSIEscape: Bool {
        standardOutput.contains("\u{1B}[") || standardError.contains("\u{1B}[")
    }
}

extension ProcessResult {
    /// Runs `process` with standard output and standard error going to files (not terminals,
    /// and never a pipe that could fill up), waits for it to exit and returns what it wrote.
    static func capturing(_ process: Process) throws -> ProcessResult {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("reclaim-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputURL = directory.appendingPathComponent("stdout")
        let errorURL = directory.appendingPathComponent("stderr")
        guard FileManager.default.createFile(atPath: outputURL.path, contents: nil),
            FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        else {
            throw CocoaError(.fileWriteUnknown)
        }
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        try output.close()
        try error.close()
        return ProcessResult(
            status: process.terminationStatus,
            standardOutput: try String(contentsOf: outputURL, encoding: .utf8),
            standardError: try String(contentsOf: errorURL, encoding: .utf8)
        )
    }
}
