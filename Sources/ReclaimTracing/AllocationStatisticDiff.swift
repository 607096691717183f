/// How one group of traced blocks changed between two snapshots.
public struct AllocationStatisticDiff: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The group, as in `AllocationStatistic.traceback`.
    public var traceback: AllocationTraceback
    /// The group's bytes in the newer snapshot.
    public var size: Int
    /// The newer size minus the older one.
    public var sizeDiff: Int
    /// The group's blocks in the newer snapshot.
    public var count: Int
    /// The newer count minus the older one.
    public var countDiff: Int

    /// Creates a difference.
    public init(traceback: AllocationTraceback, size: Int, sizeDiff: Int, count: Int, countDiff: Int) {
        self.traceback = traceback
        self.size = size
        self.sizeDiff = sizeDiff
        self.count = count
        self.countDiff = countDiff
    }

    /// Like tracemalloc's: `File.swift:42: size=2048 B (+1024 B), count=20 (+10), average=102 B`.
    public var description: String {
        let average = count == 0 ? 0 : size / count
        return "\(traceback.groupTitle): size=\(size) B (\(sizeDiff.signed) B), count=\(count) (\(countDiff.signed)), "
            + "average=\(average) B"
    }
}

extension Int {
    fileprivate var signed: String { self >= 0 ? "+\(self)" : "\(self)" }
}
