extension AllocationSnapshot {
    /// The traces grouped by line, file or traceback, largest total size first (then most
    /// blocks), like `tracemalloc.Snapshot.statistics`.
    ///
    /// - Parameters:
    ///   - grouping: What traces are grouped by.
    ///   - cumulative: Whether every frame of each traceback counts, not only the most recent
    ///     one (a block counts once per group even when its traceback passes a line twice).
    /// - Returns: One statistic per group, sorted.
    /// - Throws: `AllocationTracerError.cumulativeTracebackStatistics` for `cumulative` with
    ///   `.traceback`.
    /// - Complexity: O(traces + frames of the distinct tracebacks), symbolizing the frames used.
    public func statistics(
        groupedBy grouping: StatisticsGrouping,
        cumulative: Bool = false
    ) throws(AllocationTracerError) -> [AllocationStatistic] {
        try grouped(by: grouping, cumulative: cumulative).values.sorted(by: Self.statisticOrder)
    }

    /// How the traces changed since `old`, group by group, largest absolute size change first,
    /// like `tracemalloc.Snapshot.compare_to`.
    ///
    /// Groups only in `old` appear with size and count 0. The order is by absolute size
    /// difference, then size, absolute count difference, count (each descending) and the group.
    ///
    /// - Throws: `AllocationTracerError.cumulativeTracebackStatistics` for `cumulative` with
    ///   `.traceback`.
    /// - Complexity: O(traces of both snapshots + frames of their distinct tracebacks).
    public func compare(
        to old: AllocationSnapshot,
        groupedBy grouping: StatisticsGrouping,
        cumulative: Bool = false
    ) throws(AllocationTracerError) -> [AllocationStatisticDiff] {
        let new = try grouped(by: grouping, cumulative: cumulative)
        let previous = try old.grouped(by: grouping, cumulative: cumulative)
        var diffs: [AllocationStatisticDiff] = []
        for (key, statistic) in new {
            let before = previous[key]
            diffs.append(
                AllocationStatisticDiff(
                    traceback: statistic.traceback,
                    size: statistic.size,
                    sizeDiff: statistic.size - (before?.size ?? 0),
                    count: statistic.count,
                    countDiff: statistic.count - (before?.count ?? 0)
                )
            )
        }
        for (key, statistic) in previous where new[key] == nil {
            diffs.append(
                AllocationStatisticDiff(
                    traceback: statistic.traceback,
                    size: 0,
                    sizeDiff: -statistic.size,
                    count: 0,
                    countDiff: -statistic.count
                )
            )
        }
        return diffs.sorted { a, b in
            let left = (abs(a.sizeDiff), a.size, abs(a.countDiff), a.count)
            let right = (abs(b.sizeDiff), b.size, abs(b.countDiff), b.count)
            if left != right { return left > right }
            return a.traceback.description < b.traceback.description
        }
    }

    private static func statisticOrder(_ a: AllocationStatistic, _ b: AllocationStatistic) -> Bool {
        if a.size != b.size { return a.size > b.size }
        if a.count != b.count { return a.count > b.count }
        return a.traceback.description < b.traceback.description
    }

    /// The group a location falls in.
    private enum GroupKey: Hashable {
        case location(file: String, line: Int)
        case traceback(AllocationTraceback)
    }

    private func grouped(
        by grouping: StatisticsGrouping,
        cumulative: Bool
    ) throws(AllocationTracerError) -> [GroupKey: AllocationStatistic] {
        if cumulative && grouping == .traceback { throw .cumulativeTracebackStatistics }
        let groups = tracebackGroups()
        Symbolizer.shared.prepare(
            groups.flatMap { group in
                grouping == .traceback || cumulative
                    ? group.traceback.frames.map(\.address) : group.traceback.frames.prefix(1).map(\.address)
            }
        )
        var statistics: [GroupKey: AllocationStatistic] = [:]
        for group in groups {
            let size = group.indices.reduce(0) { $0 + traces[$1].size }
            let count = group.indices.count
            var keys: [(GroupKey, AllocationTraceback)] = []
            if grouping == .traceback {
                keys = [(.traceback(group.traceback), group.traceback)]
            } else {
                let frames = cumulative ? group.traceback.frames : Array(group.traceback.frames.prefix(1))
                var seen = Set<GroupKey>()
                for frame in frames.isEmpty ? [nil] : frames.map(Optional.some) {
                    let (key, representative) = Self.key(for: frame, grouping: grouping)
                    if seen.insert(key).inserted { keys.append((key, representative)) }
                }
            }
            for (key, representative) in keys {
                statistics[key, default: AllocationStatistic(traceback: representative, size: 0, count: 0)].size += size
                statistics[key]?.count += count
            }
        }
        return statistics
    }

    /// The `.line` or `.file` group of a frame and the one-frame traceback that names it.
    private static func key(for frame: StackFrame?, grouping: StatisticsGrouping) -> (GroupKey, AllocationTraceback) {
        let unknown = SourceLocation.unknownFile
        let location =
            frame?.location ?? SourceLocation(function: unknown, image: unknown, file: unknown, line: 0)
        let line = grouping == .file ? 0 : location.line
        let named = SourceLocation(
            function: grouping == .line && location.file != unknown ? location.function : unknown,
            image: location.image,
            file: location.file,
            line: line
        )
        let representative = StackFrame(address: grouping == .line ? frame?.address ?? 0 : 0, location: named)
        return (
            .location(file: location.groupingFile, line: line),
            AllocationTraceback(frames: [representative], totalFrameCount: 1)
        )
    }
}
