import Reclaim

extension Tour {
    /// Section `challenge`: the article's exercise. Two lists refer to each other, both names
    /// go away, and `GC.collect()` reports and frees them.
    func showChallenge() {
        console.paragraph(
            """
            The challenge: create two objects that refer to each other, delete both names, and
            watch the collector free them. In Python: a = []; b = []; a.append(b);
            b.append(a); del a, b; gc.collect().
            """
        )
        console.blank()
        let collections = CollectionLog()
        GC.callbacks.append { phase, info in collections.record(phase, info) }
        console.statement("GC.callbacks.append { phase, info in ... }", note: "records each collection")
        let log = DeinitLog()
        weak var weakA: ListObject?
        weak var weakB: ListObject?
        do {
            let a = ListObject(onDeinit: { log.record("a") })
            let b = ListObject(onDeinit: { log.record("b") })
            a.append(.list(b))
            b.append(.list(a))
            weakA = a
            weakB = b
        }
        console.statement("do {")
        console.statement("    let a = ListObject(), b = ListObject()")
        console.statement("    a.append(.list(b)); b.append(.list(a))")
        console.statement("    weak var weakA = a, weakB = b")
        console.step("} // del a, b", "weakA != nil && weakB != nil", "\(weakA != nil && weakB != nil)", note: "alive")
        let collected = GC.collect()
        console.step("let collected = GC.collect()", "collected", "\(collected)")
        for info in collections.stops {
            console.step(
                "",
                "callback at .stop",
                "generation \(info.generation), collected \(info.collected), uncollectable \(info.uncollectable)"
            )
        }
        console.step("", "deinit ran for", "\(log.names)")
        console.step("", "weakA == nil && weakB == nil", "\(weakA == nil && weakB == nil)", note: "freed")
        console.step("", "GC.garbage.count", "\(GC.garbage.count)", note: "nothing was uncollectable")
        GC.callbacks.removeLast()
        console.statement("GC.callbacks.removeLast()")
    }
}
