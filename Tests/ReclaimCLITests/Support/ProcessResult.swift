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
