/// Why Graphviz could not render a graph. Every case keeps the DOT text, which stays usable
/// (write it to a `.dot` file, or paste it into an online Graphviz viewer).
public enum GraphvizError: Error, CustomStringConvertible {
    /// The `dot` program was not found in any directory of the search path.
    case dotNotInstalled(program: String, searchPath: String, dot: String)
    /// `dot` was found but could not be started.
    case launchFailed(executable: String, reason: String, dot: String)
    /// `dot` exited unsuccessfully; `standardError` is what it printed.
    case dotFailed(executable: String, status: Int32, standardError: String, dot: String)
    /// A file for `dot`'s input or output could not be written or read.
    case fileAccessFailed(path: String, reason: String, dot: String)

    /// The DOT text that was to be rendered.
    public var dot: String {
        switch self {
        case .dotNotInstalled(_, _, let dot), .launchFailed(_, _, let dot), .dotFailed(_, _, _, let dot),
            .fileAccessFailed(_, _, let dot):
            return dot
        }
    }

    /// What went wrong and what to do about it, for a person.
    public var description: String {
        switch self {
        case .dotNotInstalled(let program, let searchPath, _):
            let place = searchPath.isEmpty ? "an empty PATH" : "PATH (\(searchPath))"
            return "Graphviz's '\(program)' program was not found in \(place). Install Graphviz to render "
                + "SVG (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz); "
                + "the DOT text is still available as the error's `dot`."
        case .launchFailed(let executable, let reason, _):
            return "cannot start \(executable): \(reason)"
        case .dotFailed(let executable, let status, let standardError, _):
            return "\(executable) exited with status \(status): \(standardError)"
        case .fileAccessFailed(let path, let reason, _):
            return "cannot access \(path): \(reason)"
        }
    }
}
