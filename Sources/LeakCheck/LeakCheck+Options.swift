extension LeakCheck {
    /// How a leak check runs and what it reports.
    public struct Options: Sendable {
        /// Also report tracked objects the block created that are still alive after a
        /// collection (reachable from somewhere), not only cycles. Off by default: caches and
        /// lazily created singletons legitimately outlive a block.
        public var reportsSurvivors: Bool

        /// How many stack frames of each allocation to record, for the allocation sites in
        /// the report; 0 shows no sites. At most `AllocationTracer.maximumFrames` (256); a
        /// check with a value outside 0...256 stops the program with a message naming it.
        public var allocationFrames: Int

        /// Whether automatic collection is disabled while the block runs, so that no cycle it
        /// leaves is freed (and missed) before the check. Turn it off for blocks that
        /// allocate so much that they need automatic collections to run.
        public var disablesAutomaticCollection: Bool

        /// Also report cycles among tracked objects that a collection frees (it then frees
        /// them). Off by default: strong parent pointers between `GCObject`s are Reclaim's
        /// own recommended design, and the collector frees such cycles.
        public var reportsCollectableCycles: Bool

        /// Whether to check every Swift object the block created (plain classes, closure
        /// contexts, boxes, collection storage), not only tracked ones, for cycles that ARC
        /// can never free. Needs the allocation tracer (not in AddressSanitizer or
        /// ThreadSanitizer builds, where only tracked objects are checked and the report's
        /// `checkedAllObjects` is false).
        public var checksAllObjects: Bool

        /// How many times to run the block before the checked run, so that caches, lazy
        /// globals and pools it fills on first use are not reported (pytest-memray's lesson).
        /// `expectNoLeaks` and `LeakCheck.run` then run the block `warmUpIterations + 1`
        /// times and return the checked run's result.
        public var warmUpIterations: Int

        /// Leaks to leave out of the report: a cycle any filter matches is not reported (the
        /// report counts it in `allowedCycleCount`).
        public var allowedLeaks: [LeakFilter]

        /// Options with every setting explicit; the defaults report cycles that nothing but
        /// a cycle keeps alive and that the collector cannot free, among every Swift object
        /// the block created; record 8 frames per allocation; and disable automatic
        /// collection during the block.
        public init(
            reportsSurvivors: Bool = false,
            allocationFrames: Int = 8,
            disablesAutomaticCollection: Bool = true,
            reportsCollectableCycles: Bool = false,
            checksAllObjects: Bool = true,
            warmUpIterations: Int = 0,
            allowedLeaks: [LeakFilter] = []
        ) {
            self.reportsSurvivors = reportsSurvivors
            self.allocationFrames = allocationFrames
            self.disablesAutomaticCollection = disablesAutomaticCollection
            self.reportsCollectableCycles = reportsCollectableCycles
            self.checksAllObjects = checksAllObjects
            self.warmUpIterations = warmUpIterations
            self.allowedLeaks = allowedLeaks
        }
    }
}
