/// Every traced block alive at one moment, from `AllocationTracer.snapshot()`, like
/// `tracemalloc.Snapshot`.
///
/// # Thread safety
/// A value; it can be sent anywhere. Symbolizing its frames is synchronized.
public struct AllocationSnapshot: Sendable {
    /// The live traced blocks, in no particular order.
    public var traces: [AllocationTrace]
    /// The most frames a traceback could keep when the snapshot was taken.
    public var tracebackLimit: Int

    /// Creates a snapshot from traces.
    public init(traces: [AllocationTrace], tracebackLimit: Int) {
        self.traces = traces
        self.tracebackLimit = tracebackLimit
    }

    /// A snapshot with only the traces the filters let through: those matching at least one
    /// inclusive filter (when there is any) and no exclusive filter.
    ///
    /// - Complexity: O(traces + frames of the distinct tracebacks × filters).
    public func filtered(by filters: [TraceFilter]) -> AllocationSnapshot {
        let inclusive = filters.filter(\.inclusive)
        let exclusive = filters.filter { !$0.inclusive }
        let groups = tracebackGroups()
        Symbolizer.shared.prepare(
            groups.flatMap { group in
                filters.contains(where: \.allFrames)
                    ? group.traceback.frames.map(\.address) : group.traceback.frames.prefix(1).map(\.address)
            }
        )
        var kept: [AllocationTrace] = []
        for group in groups {
            let traceback = group.traceback
            guard
                inclusive.isEmpty || inclusive.contains(where: { $0.accepts(traceback) }),
                exclusive.allSatisfy({ $0.accepts(traceback) })
            else { continue }
            kept += group.indices.map { traces[$0] }
        }
        return AllocationSnapshot(traces: kept, tracebackLimit: tracebackLimit)
    }

    /// The traces grouped by identical traceback (compared by frame addresses, which are unique
    /// per location within one snapshot), without symbolizing anything.
    func tracebackGroups() -> [(traceback: AllocationTraceback, indices: [Int])] {
        var positions: [TracebackIdentity: Int] = [:]
        var groups: [(traceback: AllocationTraceback, indices: [Int])] = []
        for (index, trace) in traces.enumerated() {
            let identity = TracebackIdentity(trace.traceback)
            if let position = positions[identity] {
                groups[position].indices.append(index)
            } else {
                positions[identity] = groups.count
                groups.append((trace.traceback, [index]))
            }
        }
        return groups
    }
}

/// A traceback's frame addresses and total count: a cheap key for identical tracebacks.
struct TracebackIdentity: Hashable {
    let addresses: [UInt]
    let totalFrameCount: Int

    init(_ traceback: AllocationTraceback) {
        addresses = traceback.frames.map(\.address)
        totalFrameCount = traceback.totalFrameCount
    }
}
