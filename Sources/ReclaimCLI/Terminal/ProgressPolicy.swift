#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decides whether long steps draw a progress indicator: only when standard error is a
/// terminal that can return to the start of a line (`TERM` is not `dumb`).
enum ProgressPolicy {
    /// Whether to draw progress, given whether standard error is a terminal and the value of
    /// `TERM` (`nil` when unset).
    static func showsProgress(errorIsTerminal: Bool, terminalName: String?) -> Bool {
        errorIsTerminal && terminalName != "dumb"
    }

    /// Applies the policy to this process's environment and standard error.
    static func showsProgressOnStandardError() -> Bool {
        showsProgress(
            errorIsTerminal: isatty(STDERR_FILENO) != 0,
            terminalName: getenv("TERM").map { String(cString: $0) }
        )
    }
}
