#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Prints the tour to standard output: headings, explanations and code-like steps, each
/// followed by the value it produced, styled with ANSI escapes when colors are on. Long steps
/// draw a progress indicator on standard error when it is shown (see ``ProgressPolicy``).
struct Console {
    /// The width of the code column of ``step(_:_:_:note:)``.
    static let codeWidth = 40

    let usesColor: Bool
    let showsProgress: Bool

    init(usesColor: Bool, showsProgress: Bool = false) {
        self.usesColor = usesColor
        self.showsProgress = showsProgress
    }

    func title(_ text: String) {
        print(styled(text, .bold))
    }

    func heading(_ text: String) {
        print()
        print(styled("== \(text) ==", .bold, .cyan))
    }

    func paragraph(_ text: String) {
        print(text)
    }

    func blank() {
        print()
    }

    /// Prints `code` in the left column and `expression → value` to its right, then `note`.
    ///
    /// - Parameters:
    ///   - code: The statement this step runs; empty to report another value of the previous one.
    ///   - expression: What was read after the statement ran, such as `GC.refcount(of: a)`.
    ///   - value: The value that was read.
    ///   - note: A short explanation of the value.
    func step(_ code: String, _ expression: String, _ value: String, note: String? = nil) {
        let padding = String(repeating: " ", count: max(Self.codeWidth - code.count, 1))
        var line = "  " + styled(code, .yellow) + padding
        line += expression + " " + styled("→", .dim) + " " + styled(value, .bold, .green)
        if let note {
            line += "  " + styled(note, .dim)
        }
        print(line)
    }

    /// Prints a statement that reports no value.
    func statement(_ code: String, note: String? = nil) {
        var line = "  " + styled(code, .yellow)
        if let note {
            line += String(repeating: " ", count: max(Self.codeWidth - code.count, 1)) + styled(note, .dim)
        }
        print(line)
    }

    /// Prints lines of text an API call produced, indented under the step that made it.
    func output(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            print("      " + line)
        }
    }

    /// Prints an indented remark that is not a reading, such as why a step was skipped.
    func note(_ text: String) {
        print("  " + styled(text, .dim))
    }

    /// Runs `body`, which does `total` units of work and reports each one to the indicator it
    /// is given, then erases the indicator.
    func withProgress<Result>(
        _ label: String,
        total: Int,
        _ body: (ProgressIndicator) throws -> Result
    ) rethrows -> Result {
        if showsProgress {
            fflush(nil)
        }
        let indicator = ProgressIndicator(label: label, total: total, isVisible: showsProgress)
        defer { indicator.finish() }
        return try body(indicator)
    }

    private func styled(_ text: String, _ styles: ANSIStyle...) -> String {
        guard usesColor, !text.isEmpty else {
            return text
        }
        return styles.map(\.escape).joined() + text + ANSIStyle.reset
    }
}
