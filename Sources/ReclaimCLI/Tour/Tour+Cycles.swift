import Reclaim

extension Tour {
    /// Section `cycles`: two lists that refer to each other outlive both of their names,
    /// because each one keeps the other's count at 1.
    func showCycles() {
        console.paragraph(
            """
            Objects that refer to each other form a cycle: once their names are gone, each is
            still referenced by the other, so reference counting alone never frees them.
            """
        )
        console.blank()
        let log = DeinitLog()
        let cycle: WatchedCycle
        do {
            let a = ListObject(onDeinit: { log.record("a") })
            let b = ListObject(onDeinit: { log.record("b") })
            let created = GC.refcount(of: a)
            console.step("let a = ListObject(), b = ListObject()", "GC.refcount(of: a)", "\(created)")
            let bBefore = GC.refcount(of: b)
            a.append(.list(b))
            let bAfter = GC.refcount(of: b)
            console.step(
                "a.append(.list(b))",
                "GC.refcount(of: b)",
                "\(bAfter)",
                note: "\(change(from: bBefore, to: bAfter)): a's items hold b"
            )
            b.append(.list(a))
            let aAfter = GC.refcount(of: a)
            console.step(
                "b.append(.list(a))",
                "GC.refcount(of: a)",
                "\(aAfter)",
                note: "\(change(from: created, to: aAfter)): b's items hold a"
            )
            cycle = WatchedCycle(a, b, log: log)
            console.statement("weak var weakA = a, weakB = b", note: "watch them without keeping them alive")
        }
        console.step("} // a and b go out of scope", "weakA != nil", "\(cycle.a != nil)", note: "still alive")
        console.step("", "weakB != nil", "\(cycle.b != nil)", note: "still alive")
        console.step("", "deinit ran for", "\(log.names)")
        reportTracking(of: cycle)
        reportRemainingCounts(of: cycle)
        console.paragraph("Nothing outside the cycle refers to a or b any more, yet ARC alone will never free them.")
        pendingCycle = cycle
    }

    /// Shows that the collector still tracks both lists, without holding them afterwards.
    private func reportTracking(of cycle: WatchedCycle) {
        let tracked = GC.objects()
        let listsA = tracked.contains { $0 === cycle.a }
        let listsB = tracked.contains { $0 === cycle.b }
        console.step("", "GC.objects().count", "\(tracked.count)", note: "tracked objects")
        console.step("", "GC.objects() contains a, b", "\(listsA), \(listsB)")
    }

    /// Reads the count of each list through a strong `probe`, which itself adds one reference.
    private func reportRemainingCounts(of cycle: WatchedCycle) {
        let lists: [(name: String, holder: String, path: KeyPath<WatchedCycle, ListObject?>)] = [
            ("a", "b", \.a),
            ("b", "a", \.b),
        ]
        for list in lists {
            guard let probe = cycle[keyPath: list.path] else {
                continue
            }
            let count = GC.refcount(of: probe)
            console.step(
                "if let probe = weak\(list.name.uppercased())",
                "GC.refcount(of: probe)",
                "\(count)",
                note: "probe itself + \(count - 1) from \(list.holder)'s items"
            )
        }
    }
}
