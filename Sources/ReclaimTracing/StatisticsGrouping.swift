/// What `AllocationSnapshot.statistics(groupedBy:cumulative:)` groups traces by.
public enum StatisticsGrouping: Sendable, Hashable, Codable {
    /// The source file and line of the most recent frame (the code that asked for memory).
    /// Frames without debug information group by image name, with line 0.
    case line
    /// The source file of the most recent frame (the image name without debug information).
    case file
    /// The whole traceback.
    case traceback
}
