import Reclaim

extension Tour {
    /// Section `collector`: two lists that refer to each other outlive both of their names,
    /// because each keeps the other's count at 1, until `GC.collect()` finds and frees them.
    func showCycleCollector() {
        console.paragraph(
            """
            Objects that refer to each other form a cycle: once their names are gone, each is
            still referenced by the other, so reference counting alone never frees them. The
            cycle collector finds such groups, referenced only from inside, and frees them.
            """
        )
        console.blank()
        let cycle = buildCycle()
        console.step("} // a and b go out of scope", "weakA != nil", "\(cycle.a != nil)", note: "still alive")
        console.step("", "weakB != nil", "\(cycle.b != nil)", note: "still alive")
        reportRemainingCount(of: cycle)
        reportTracking(of: cycle)
        let found = GC.collect()
        console.step("let found = GC.collect()", "found", "\(found)", note: "unreachable objects found")
        console.step("", "weakA == nil && weakB == nil", "\(cycle.a == nil && cycle.b == nil)", note: "freed")
        console.step("", "deinit ran for", "\(cycle.log.names)")
        console.step("", "GC.stats[2]", GC.stats[2].summary)
    }

    /// Builds `a = []; b = []; a.append(b); b.append(a)`, printing the counts, and drops both
    /// names before returning.
    private func buildCycle() -> WatchedCycle {
        let log = DeinitLog()
        let a = ListObject(onDeinit: { log.record("a") })
        let b = ListObject(onDeinit: { log.record("b") })
        let created = GC.refcount(of: a)
        console.statement("do {")
        console.step("    let a = ListObject(), b = ListObject()", "GC.refcount(of: a)", "\(created)")
        let bBefore = GC.refcount(of: b)
        a.append(.list(b))
        let bAfter = GC.refcount(of: b)
        console.step(
            "    a.append(.list(b))",
            "GC.refcount(of: b)",
            "\(bAfter)",
            note: "\(change(from: bBefore, to: bAfter)): a's items hold b"
        )
        b.append(.list(a))
        let aAfter = GC.refcount(of: a)
        console.step(
            "    b.append(.list(a))",
            "GC.refcount(of: a)",
            "\(aAfter)",
            note: "\(change(from: created, to: aAfter)): b's items hold a"
        )
        console.statement("    weak var weakA = a, weakB = b", note: "watch them without keeping them alive")
        return WatchedCycle(a, b, log: log)
    }

    /// Shows that the collector still tracks both lists, without holding them afterwards.
    private func reportTracking(of cycle: WatchedCycle) {
        let tracked = GC.objects()
        let tracksBoth = tracked.contains { $0 === cycle.a } && tracked.contains { $0 === cycle.b }
        console.step("", "GC.objects() contains a and b", "\(tracksBoth)", note: "\(tracked.count) tracked in all")
    }

    /// Reads the count of `a` through a strong `probe`, which itself adds one reference.
    private func reportRemainingCount(of cycle: WatchedCycle) {
        guard let probe = cycle.a else {
            return
        }
        let count = GC.refcount(of: probe)
        console.step(
            "if let probe = weakA",
            "GC.refcount(of: probe)",
            "\(count)",
            note: "probe itself + \(count - 1) from b's items"
        )
    }
}
