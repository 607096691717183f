import Reclaim

extension Tour {
    /// Section `automatic`: with collection disabled garbage cycles pile up; once enabled, the
    /// next allocation past threshold 0 collects them without being asked.
    func showAutomaticCollection() {
        console.paragraph(
            """
            The collector also runs by itself: every tracked allocation is counted, and when the
            net count exceeds threshold 0, generation 0 is collected. GC.disable() turns this off.
            """
        )
        console.blank()
        let thresholds = GC.thresholds
        console.step("", "GC.thresholds", tuple(thresholds), note: "generations 0, 1 and 2")
        console.step("", "GC.counts", tuple(GC.counts), note: "net allocations, gen-0 and gen-1 collections")
        GC.disable()
        console.step("GC.disable()", "GC.isEnabled", "\(GC.isEnabled)")
        let disabledStats = pileUpGarbage(threshold: thresholds.0)
        GC.enable()
        console.step("GC.enable()", "GC.isEnabled", "\(GC.isEnabled)", note: "it acts on the next allocation")
        triggerCollection(threshold: thresholds.0, statsBefore: disabledStats)
        showSteadyState(threshold: thresholds.0)
    }

    /// Creates more garbage than threshold 0 allows while collection is disabled, and returns
    /// the generation-0 statistics afterwards.
    private func pileUpGarbage(threshold: Int) -> GenerationStats {
        let before = GC.stats[0]
        let batch = max(threshold, 200) / 4
        for _ in 1...3 {
            makeGarbageCycles(batch)
            console.step("makeGarbageCycles(\(batch))", "GC.counts", tuple(GC.counts))
            console.step("", "GC.objects().count", "\(GC.objects().count)", note: "unreachable, still alive")
        }
        let after = GC.stats[0]
        console.step(
            "",
            "GC.stats[0].collections",
            "\(after.collections)",
            note: "\(change(from: before.collections, to: after.collections)): collection is disabled"
        )
        return after
    }

    /// Allocates one object with collection enabled and the count past threshold 0.
    private func triggerCollection(threshold: Int, statsBefore: GenerationStats) {
        let allocation = GC.counts.0 + 1
        let trigger = ListObject()
        let stats = GC.stats[0]
        console.step(
            "let trigger = ListObject()",
            "GC.stats[0].collections",
            "\(stats.collections)",
            note: "\(change(from: statsBefore.collections, to: stats.collections)): "
                + "allocation \(allocation), threshold \(threshold)"
        )
        console.step(
            "",
            "GC.stats[0].collected",
            "\(stats.collected)",
            note: change(from: statsBefore.collected, to: stats.collected)
        )
        console.step("", "GC.counts", tuple(GC.counts))
        console.step("", "GC.objects().count", "\(GC.objects().count)", note: "only trigger is left")
        withExtendedLifetime(trigger) {}
    }

    /// Keeps allocating cycles with collection enabled, and shows that garbage stays bounded.
    private func showSteadyState(threshold: Int) {
        let before = GC.stats[0]
        let cycles = max(threshold, 200) * 2
        var peak = 0
        console.withProgress("making \(cycles) cycles", total: cycles) { progress in
            var made = 0
            makeGarbageCycles(cycles) {
                peak = max(peak, GC.counts.0)
                made += 1
                progress.advance(to: made)
            }
        }
        let after = GC.stats[0]
        console.step(
            "makeGarbageCycles(\(cycles))",
            "GC.stats[0].collections",
            "\(after.collections)",
            note: "\(change(from: before.collections, to: after.collections)), none of them requested"
        )
        console.step("", "peak of GC.counts.0", "\(peak)", note: "threshold 0 is \(threshold)")
        console.step(
            "",
            "GC.objects(generation: 0).count",
            "\(GC.objects(generation: 0).count)",
            note: "made since the last collection"
        )
        console.step(
            "",
            "GC.objects(generation: 1).count",
            "\(GC.objects(generation: 1).count)",
            note: "still named when a collection ran, so promoted"
        )
        console.step("", "GC.collect()", "\(GC.collect())", note: "the garbage cycles left")
    }

    /// Creates `count` unreachable two-list cycles, calling `afterEach` after each one.
    private func makeGarbageCycles(_ count: Int, afterEach: () -> Void = {}) {
        for _ in 0..<count {
            let a = ListObject()
            let b = ListObject([.list(a)])
            a.append(.list(b))
            afterEach()
        }
    }
}
