import Reclaim

extension Tour {
    /// Section `collect`: `GC.collect()` finds the unreachable cycle and frees it.
    func showCollection() {
        console.paragraph(
            """
            On top of reference counting, the cycle collector looks for groups of objects that are
            referenced only by each other, and frees them. GC.collect() runs it by hand.
            """
        )
        console.blank()
        let cycle: WatchedCycle
        if let pendingCycle {
            cycle = pendingCycle
            self.pendingCycle = nil
            console.statement("// the cycle a ⇄ b from the `cycles` section")
        } else {
            cycle = WatchedCycle.makeUnreachable()
            console.statement("do {")
            console.statement("    let a = ListObject(), b = ListObject()")
            console.statement("    a.append(.list(b)); b.append(.list(a))")
            console.statement("} // a and b go out of scope", note: "as in the `cycles` section")
        }
        console.step("", "weakA != nil && weakB != nil", "\(cycle.a != nil && cycle.b != nil)", note: "unreachable")
        let found = GC.collect()
        console.step("let found = GC.collect()", "found", "\(found)", note: "unreachable objects found")
        console.step("", "weakA == nil", "\(cycle.a == nil)", note: "freed")
        console.step("", "weakB == nil", "\(cycle.b == nil)", note: "freed")
        console.step("", "deinit ran for", "\(cycle.log.names)")
        console.step("", "GC.objects().count", "\(GC.objects().count)")
        console.step("", "GC.stats[2]", GC.stats[2].summary)
    }
}
