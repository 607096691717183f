import LeakCheck

extension LeakCheck.Options {
    /// Options that also report cycles the collector frees: most tests here leak cycles of
    /// `GCObject`s on purpose, to check how they are reported.
    static func collectable(reportsSurvivors: Bool = false, allocationFrames: Int = 8) -> Self {
        LeakCheck.Options(
            reportsSurvivors: reportsSurvivors,
            allocationFrames: allocationFrames,
            reportsCollectableCycles: true
        )
    }
}
