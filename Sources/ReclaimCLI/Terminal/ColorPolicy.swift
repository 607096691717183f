#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decides whether output is colored: only on a terminal, and never when `--no-color` is given
/// or `NO_COLOR` is set to a non-empty value (see https://no-color.org).
enum ColorPolicy {
    /// Whether to color output, given the `--no-color` flag, the value of `NO_COLOR` (`nil`
    /// when unset) and whether the output goes to a terminal.
    static func usesColor(noColorFlag: Bool, noColorVariable: String?, outputIsTerminal: Bool) -> Bool {
        if noColorFlag {
            return false
        }
        if let noColorVariable, !noColorVariable.isEmpty {
            return false
        }
        return outputIsTerminal
    }

    /// Applies the policy to this process's environment and standard output.
    static func usesColorForStandardOutput(noColorFlag: Bool) -> Bool {
        usesColor(
            noColorFlag: noColorFlag,
            noColorVariable: getenv("NO_COLOR").map { String(cString: $0) },
            outputIsTerminal: isatty(STDOUT_FILENO) != 0
        )
    }
}
