import Foundation

/// What `Scripts/drive-explainer.py` reported after stepping a page through its phases in
/// headless Chromium: one record per phase it reached, and everything the page got wrong.
struct BrowserRun: Decodable {
    /// One phase of the page, as shown when the driver took its screenshot.
    struct Phase: Decodable {
        let index: Int
        let id: String
        let title: String
        /// The absolute path of the PNG screenshot, named `phase-<index>-<id>.png`.
        let screenshot: String
        let bytes: Int
    }

    /// A `console.error`, `console.assert` or `console.warn` call; `level` says which.
    struct ConsoleMessage: Decodable {
        let level: String
        let text: String
        let url: String?
        let line: Int?
    }

    /// An uncaught exception or unhandled promise rejection.
    struct Exception: Decodable {
        let text: String
        let url: String
        let line: Int
    }

    /// A browser log entry of level error, such as a resource that failed to load.
    struct LogEntry: Decodable {
        let source: String
        let text: String
        let url: String
    }

    /// The page's `data-phase-count`.
    let phaseCount: Int
    let phases: [Phase]
    let consoleErrors: [ConsoleMessage]
    let exceptions: [Exception]
    let logErrors: [LogEntry]
    /// URLs the page requested that are not `file:`, `data:`, `about:` or `blob:` URLs.
    let externalRequests: [String]
    /// Broken parts of the page's contract: a step button that did not move by one phase,
    /// a button not disabled at either end, an empty phase id or title.
    let failures: [String]

    /// Every problem the run found, one line each; empty for a page that behaved.
    var problems: [String] {
        failures.map { "contract: \($0)" }
            + consoleErrors.map { "console.\($0.level): \($0.text) (\($0.url ?? "?"):\($0.line ?? 0))" }
            + exceptions.map { "exception: \($0.text) (\($0.url):\($0.line))" }
            + logErrors.map { "log (\($0.source)): \($0.text) \($0.url)" }
            + externalRequests.map { "external request: \($0)" }
    }
}

/// Debian's Chromium, installed on demand by `Scripts/ensure-chromium`, driven through a
/// page by `Scripts/drive-explainer.py`.
enum HeadlessChromium {
    /// Raised when one of the scripts fails or prints something that is not a report.
    struct Failure: Error, CustomStringConvertible {
        let command: [String]
        let status: Int32
        let standardOutput: String
        let standardError: String
        let reason: String

        var description: String {
            var text = "\(reason)\ncommand: \(command.joined(separator: " "))\nexit status: \(status)"
            if !standardError.isEmpty {
                text += "\nstandard error:\n\(standardError)"
            }
            if !standardOutput.isEmpty {
                text += "\nstandard output:\n\(standardOutput)"
            }
            return text
        }
    }

    /// The root of the package: this file is `Tests/ReclaimCLITests/Support/HeadlessChromium.swift`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The package's `Scripts` directory.
    static var scripts: URL {
        packageRoot.appendingPathComponent("Scripts")
    }

    /// Where screenshots of `reclaim explain`'s page go: `.build/explainer-screenshots`.
    static var explainerScreenshots: URL {
        packageRoot.appendingPathComponent(".build/explainer-screenshots")
    }

    /// The outcome of `Scripts/ensure-chromium`, run at most once per process.
    private static let ensured = Result<String, any Error> {
        let command = [scripts.appendingPathComponent("ensure-chromium").path]
        let result = try runScript(command)
        let path = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, !path.isEmpty else {
            throw Failure(
                command: command,
                status: result.status,
                standardOutput: result.standardOutput,
                standardError: result.standardError,
                reason: "Scripts/ensure-chromium found no Chromium and could not install it"
            )
        }
        return path
    }

    /// The path of the `chromium` binary, installing Debian's package first if needed.
    static func executable() throws -> String {
        try ensured.get()
    }

    /// Loads `page` in headless Chromium, saves a screenshot of each phase in `screenshots`
    /// and returns the driver's report. Throws when Chromium cannot be found or started,
    /// the page does not load, or it lacks the contract's elements; a page that merely
    /// misbehaves yields a report whose `problems` say how.
    static func drive(page: URL, screenshots: URL, timeout: Int = 60) throws -> BrowserRun {
        let command = [
            scripts.appendingPathComponent("drive-explainer.py").path,
            page.path,
            screenshots.path,
            "--chromium", try executable(),
            "--timeout", String(timeout),
        ]
        let result = try oneBrowserAtATime.withLock { try runScript(command) }
        func failure(_ reason: String) -> Failure {
            Failure(
                command: command,
                status: result.status,
                standardOutput: result.standardOutput,
                standardError: result.standardError,
                reason: reason
            )
        }
        guard result.status == 0 else {
            throw failure("Scripts/drive-explainer.py could not drive \(page.path)")
        }
        do {
            return try JSONDecoder().decode(BrowserRun.self, from: Data(result.standardOutput.utf8))
        } catch {
            throw failure("Scripts/drive-explainer.py printed no report it should have: \(error)")
        }
    }

    /// Held while a browser runs: suites run in parallel, and two Chromiums at once on two
    /// cores, beside the other suites, make both slow enough to risk the driver's timeout.
    private static let oneBrowserAtATime = NSLock()

    /// Runs the executable script `command[0]` with the remaining arguments, standard output
    /// and standard error going to files (so that neither can fill a pipe), and waits for it.
    private static func runScript(_ command: [String]) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.standardInput = FileHandle.nullDevice
        return try ProcessResult.capturing(process)
    }
}
