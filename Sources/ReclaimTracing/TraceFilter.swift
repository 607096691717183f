#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Keeps or drops traces by the source file (and optionally line) of their frames, like
/// `tracemalloc.Filter`.
///
/// `AllocationSnapshot.filtered(by:)` keeps a trace when it matches at least one inclusive
/// filter (if there are any) and no exclusive filter.
public struct TraceFilter: Sendable, Hashable, Codable {
    /// Whether matching traces are kept (true) or dropped (false).
    public var inclusive: Bool
    /// An `fnmatch(3)` pattern for the source file path, such as `"*/Model/*.swift"`; `*`
    /// matches slashes too. Frames without debug information are matched by image name.
    public var filePattern: String
    /// The source line that must match too, or nil for any line.
    public var line: Int?
    /// Whether any frame may match (true) or only the most recent one (false).
    public var allFrames: Bool

    /// Creates a filter.
    public init(inclusive: Bool, filePattern: String, line: Int? = nil, allFrames: Bool = false) {
        self.inclusive = inclusive
        self.filePattern = filePattern
        self.line = line
        self.allFrames = allFrames
    }

    func matches(_ location: SourceLocation) -> Bool {
        guard line == nil || line == location.line else { return false }
        return fnmatch(filePattern, location.groupingFile, 0) == 0
    }

    /// Whether the filter lets a trace with this traceback through.
    func accepts(_ traceback: AllocationTraceback) -> Bool {
        let unknown = SourceLocation(
            function: SourceLocation.unknownFile,
            image: SourceLocation.unknownFile,
            file: SourceLocation.unknownFile,
            line: 0
        )
        let frames = allFrames ? traceback.frames.map(\.location) : [traceback.frames.first?.location ?? unknown]
        let matched = frames.contains(where: matches) || (frames.isEmpty && matches(unknown))
        return matched == inclusive
    }
}
