#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A one-line progress indicator on standard error, such as `building 5000 cycles: 42%`,
/// redrawn in place with a carriage return and erased when the work is done.
///
/// A hidden indicator writes nothing, so output to a file or a pipe never gets carriage
/// returns; ``Console/withProgress(_:total:_:)`` decides whether it is shown.
final class ProgressIndicator {
    private let label: String
    private let total: Int
    private let isVisible: Bool
    private var shownPercent = -1
    private var drawnWidth = 0

    init(label: String, total: Int, isVisible: Bool) {
        self.label = label
        self.total = max(total, 1)
        self.isVisible = isVisible
        advance(to: 0)
    }

    /// Records that `completed` of the units of work are done; redraws only when the whole
    /// percentage changes.
    func advance(to completed: Int) {
        guard isVisible else {
            return
        }
        let percent = min(completed, total) * 100 / total
        guard percent != shownPercent else {
            return
        }
        shownPercent = percent
        let text = "\(label): \(percent)%"
        drawnWidth = max(drawnWidth, text.count)
        draw("\r" + text)
    }

    /// Erases the indicator's line.
    func finish() {
        guard isVisible, drawnWidth > 0 else {
            return
        }
        draw("\r" + String(repeating: " ", count: drawnWidth) + "\r")
        drawnWidth = 0
    }

    private func draw(_ text: String) {
        var remaining = Array(text.utf8)[...]
        while !remaining.isEmpty {
            let written = remaining.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            guard written > 0 || (written < 0 && errno == EINTR) else {
                return
            }
            remaining = remaining.dropFirst(max(written, 0))
        }
    }
}
