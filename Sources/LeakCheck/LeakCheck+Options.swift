extension LeakCheck {
    /// How a leak check runs and what it reports.
    public struct Options: Sendable {
        /// Also report objects the block created that are still alive after a collection
        /// (reachable from somewhere), not only unreachable cycles. Off by default: caches
        /// and lazily created singletons legitimately outlive a block.
        public var reportsSurvivors: Bool

        /// How many stack frames of each allocation to record, for the allocation sites in
        /// the report; 0 turns allocation tracing off (sites are then not shown, and objects
        /// created in the block are told apart from older ones by identity alone). At most
        /// `AllocationTracer.maximumFrames` (256); a check with a value outside 0...256 stops
        /// the program with a message naming it.
        public var allocationFrames: Int

        /// Whether automatic collection is disabled while the block runs, so that no cycle it
        /// leaves is freed (and missed) before the check. Turn it off for blocks that
        /// allocate so much that they need automatic collections to run.
        public var disablesAutomaticCollection: Bool

        /// Options with every setting explicit; the defaults report cycles only, record 8
        /// frames per allocation and disable automatic collection during the block.
        public init(reportsSurvivors: Bool = false, allocationFrames: Int = 8, disablesAutomaticCollection: Bool = true)
        {
            self.reportsSurvivors = reportsSurvivors
            self.allocationFrames = allocationFrames
            self.disablesAutomaticCollection = disablesAutomaticCollection
        }
    }
}
