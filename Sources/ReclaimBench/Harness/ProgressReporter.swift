import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Tells on standard error which workload is running, never on standard output, so that
/// `--json` and `--markdown` output stays clean.
///
/// On a terminal, one status line is rewritten in place (with a carriage return and an
/// erase-line escape) as each run starts, and erased at the end. Anywhere else (a pipe, a file,
/// a CI log) it prints one plain line per workload and nothing else.
struct ProgressReporter {
    let isTerminal: Bool
    /// The widest status line that fits the terminal without wrapping, which would break the
    /// rewriting.
    let width: Int

    private var prefix = ""

    init(isTerminal: Bool, width: Int = 80) {
        self.isTerminal = isTerminal
        self.width = max(width, 20)
    }

    /// A reporter for this process's standard error.
    static func forStandardError() -> ProgressReporter {
        guard isatty(STDERR_FILENO) != 0 else { return ProgressReporter(isTerminal: false) }
        var size = winsize()
        let columns = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 ? Int(size.ws_col) : 0
        return ProgressReporter(isTerminal: true, width: columns > 0 ? columns - 1 : 79)
    }

    /// Reports that the workload at `position` (from 1) of `count` starts.
    mutating func start(_ workload: Workload, position: Int, count: Int) {
        prefix = "[\(position)/\(count)] \(workload.name)"
        if isTerminal {
            show(prefix + ": " + workload.summary)
        } else {
            write(prefix + ": " + workload.summary + "\n")
        }
    }

    /// Reports a step of the current workload, such as one run of one variant; on a terminal
    /// only.
    func step(_ text: String) {
        guard isTerminal else { return }
        show(prefix + ": " + text)
    }

    /// Erases the status line, so that whatever is printed next starts on a clean line.
    func finish() {
        guard isTerminal else { return }
        write("\r\u{1B}[K")
    }

    private func show(_ line: String) {
        let fitting = line.count > width ? String(line.prefix(width - 1)) + "…" : line
        write("\r\u{1B}[K" + fitting)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
