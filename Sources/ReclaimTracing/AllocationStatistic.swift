/// The traced blocks of one group: how many there are and how many bytes they requested.
public struct AllocationStatistic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The group: one frame for `.line` and `.file` grouping (line 0 for `.file`), the whole
    /// traceback for `.traceback`.
    public var traceback: AllocationTraceback
    /// The bytes requested by the group's blocks.
    public var size: Int
    /// The number of blocks.
    public var count: Int

    /// Creates a statistic.
    public init(traceback: AllocationTraceback, size: Int, count: Int) {
        self.traceback = traceback
        self.size = size
        self.count = count
    }

    /// The mean block size in bytes, rounded down (0 for an empty group).
    public var averageSize: Int { count == 0 ? 0 : size / count }

    /// Like tracemalloc's: `File.swift:42: size=1024 B, count=10, average=102 B`.
    public var description: String {
        "\(traceback.groupTitle): size=\(size) B, count=\(count), average=\(averageSize) B"
    }
}

extension AllocationTraceback {
    /// `file:line` of the most recent frame (the image name without debug information).
    var groupTitle: String {
        guard let frame = frames.first?.location else { return "\(SourceLocation.unknownFile):0" }
        return "\(frame.groupingFile):\(frame.line)"
    }
}
