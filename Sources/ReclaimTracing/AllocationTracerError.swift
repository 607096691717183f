/// An error from `AllocationTracer` or from working with an `AllocationSnapshot`.
public enum AllocationTracerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `frames` was outside 1...256.
    case invalidFrameCount(Int)
    /// Tracing cannot run in this build; the reason says why.
    case unavailable(reason: String)
    /// The operation needs tracing to be on.
    case notTracing(operation: String)
    /// The tracer could not allocate its tables.
    case outOfMemory
    /// Cumulative statistics were asked for with `.traceback` grouping, which has no meaning.
    case cumulativeTracebackStatistics
    /// A snapshot could not be written to `file`.
    case unwritableSnapshot(file: String, reason: String)
    /// `file` does not hold a snapshot saved by `AllocationSnapshot.save(to:)`.
    case unreadableSnapshot(file: String, reason: String)

    /// What went wrong, naming the bad input.
    public var description: String {
        switch self {
        case .invalidFrameCount(let frames):
            "the number of frames must be between 1 and \(AllocationTracer.maximumFrames), got \(frames)"
        case .unavailable(let reason):
            "allocation tracing is unavailable in \(reason)"
        case .notTracing(let operation):
            "\(operation) needs allocation tracing; call AllocationTracer.start() first"
        case .outOfMemory:
            "the allocation tracer could not allocate its tables"
        case .cumulativeTracebackStatistics:
            "cumulative statistics cannot be grouped by traceback; group by .line or .file"
        case .unwritableSnapshot(let file, let reason):
            "cannot save the allocation snapshot to \(file): \(reason)"
        case .unreadableSnapshot(let file, let reason):
            "\(file) is not a saved allocation snapshot: \(reason)"
        }
    }
}
