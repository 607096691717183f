/// What one increment of an incremental collection scanned, in ``CollectionInfo/increment``.
public struct IncrementReport: Sendable, Hashable {
    /// Young objects scanned (all of them).
    public var youngObjects: Int

    /// Old objects scanned: taken from the pending space, plus the pending objects those refer
    /// to, directly or not, so that a cycle is scanned whole.
    public var oldObjects: Int

    /// The instance sizes of the young objects scanned, added up (in bytes; what the objects
    /// own elsewhere, such as array storage, is not counted).
    public var youngBytes: Int

    /// The instance sizes of the old objects scanned, added up (in bytes). An increment takes
    /// more old objects than its pace in objects when the objects promoted since the last one
    /// are larger on average: the pass keeps pace with the memory joining the old generation.
    public var oldBytes: Int

    /// The most objects the increment could scan, from ``IncrementBudget``.
    public var budget: Int

    /// Whether the increment stopped growing at the budget while pending objects were still
    /// referred to from inside it: a structure larger than the increment's room for old
    /// objects (a smaller one that does not fit is left whole to the next increment).
    /// Scanning stays exact (such references count as outside ones), but a garbage structure
    /// larger than the budget is then left to a full collection, which the heap runs once the
    /// old generation has grown by a quarter since the last one (or `collect()` runs).
    public var truncated: Bool

    /// Garbage objects of this increment (counted in ``CollectionInfo/collected``) that were
    /// cleared but not yet freed when its time budget ran out. They are freed by the next
    /// allocations of tracked objects (128 for every 64 allocations) or by the next full
    /// collection. Always 0 with an object budget.
    public var releasedLater: Int

    /// Old objects still pending in the current pass after this increment; 0 when the
    /// increment completed the pass (the visited space then becomes the pending one).
    public var pendingAfter: Int

    /// Creates a report.
    public init(
        youngObjects: Int,
        oldObjects: Int,
        youngBytes: Int = 0,
        oldBytes: Int = 0,
        budget: Int,
        truncated: Bool,
        releasedLater: Int = 0,
        pendingAfter: Int
    ) {
        self.youngObjects = youngObjects
        self.oldObjects = oldObjects
        self.youngBytes = youngBytes
        self.oldBytes = oldBytes
        self.budget = budget
        self.truncated = truncated
        self.releasedLater = releasedLater
        self.pendingAfter = pendingAfter
    }
}
