import Reclaim
import ReclaimInspection

extension Tour {
    /// Section `memory`: one object is allocated in a heap block of a measured size, tracked
    /// by the collector, and freed by ARC when its last name goes away.
    func showMemoryManagement() {
        console.paragraph(
            """
            Memory management is how a program gets memory for the objects it creates and gives
            it back once they are no longer used. Swift puts each class instance in a block of
            its own on the heap, and ARC frees that block; Reclaim tracks the objects that can
            form cycles, so that its collector can free those too.
            """
        )
        console.blank()
        let log = DeinitLog()
        let trackedBefore = Heap.current.trackedCount
        weak var weakA: ListObject?
        do {
            let a = ListObject([1, 2, 3], onDeinit: { log.record("a") })
            console.step(
                "let a = ListObject([1, 2, 3])",
                "address of a",
                address(of: a),
                note: "where its block starts"
            )
            console.step("", "sizeof(a)", "\(sizeof(a))", note: "bytes in that block")
            console.step("", "deepSize(a)", "\(deepSize(a))", note: "plus the separate buffer of its items")
            console.step("", "GC.isTracked(a)", "\(GC.isTracked(a))", note: "ListObject reports its references")
            let tracked = Heap.current.trackedCount
            console.step(
                "",
                "Heap.current.trackedCount",
                "\(tracked)",
                note: "\(change(from: trackedBefore, to: tracked)): a is tracked"
            )
            weakA = a
            withExtendedLifetime(a) {}
        }
        console.step("} // a goes out of scope", "weakA == nil", "\(weakA == nil)", note: "ARC freed it")
        console.step("", "deinit ran for", "\(log.names)")
        console.step("", "Heap.current.trackedCount", "\(Heap.current.trackedCount)", note: "no longer tracked")
    }
}
