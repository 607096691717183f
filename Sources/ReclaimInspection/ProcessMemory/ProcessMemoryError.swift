#if canImport(Glibc)
    internal import Glibc
#endif

/// Why the process's memory could not be read or its peak reset.
public enum ProcessMemoryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// This operating system has no supported source of the figures (only Linux's `/proc` is
    /// read).
    case unsupportedPlatform(String)
    /// A `/proc` file could not be opened, read or written; `errno` is the system's error code.
    case fileAccessFailed(path: String, errno: Int32)
    /// A `/proc` file did not contain the named field in the expected `Name: value kB` form.
    case fieldMissing(field: String, path: String)

    /// What went wrong, for a person.
    public var description: String {
        switch self {
        case .unsupportedPlatform(let name):
            return "process memory can only be read on Linux (from /proc/self/status), not on \(name)"
        case .fileAccessFailed(let path, let errno):
            return "cannot access \(path): \(String(cString: strerror(errno))) (errno \(errno))"
        case .fieldMissing(let field, let path):
            return "\(path) has no line '\(field): <number> kB'"
        }
    }
}
