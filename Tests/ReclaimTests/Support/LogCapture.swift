import Logging

/// Collects the messages a `Logger` emits, for tests of debugging output. Used from the test's
/// own thread only (collections log on the thread that runs them).
final class LogCapture: @unchecked Sendable {
    private(set) var lines: [String] = []

    /// A logger that sends everything at `info` level or above here.
    func logger() -> Logger {
        Logger(label: "test") { _ in Handler(capture: self) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.lines.append("\(event.level): \(event.message)")
        }
    }
}
