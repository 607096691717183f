import Reclaim
import ReclaimInspection

extension Tour {
    /// Section `issues`: a long-lived cache that keeps every result (a leak the collector
    /// rightly leaves alone, found by type growth and a back-reference chain), and an object
    /// whose stored closure captures the object itself (a cycle, found and freed by the
    /// collector when the closure is a ``Callback``).
    func showCommonIssues() {
        console.paragraph(
            """
            Two memory issues are common. A long-lived cache that never lets go keeps growing:
            its entries are still reachable, so no collector may free them, and the task is to
            find who holds them.
            """
        )
        console.blank()
        showCacheLeak()
        console.blank()
        console.paragraph(
            """
            An object that stores a closure capturing the object itself forms a cycle. A plain
            closure hides its captures from the collector; a Callback reports them.
            """
        )
        console.blank()
        showPlainClosureCycle()
        showCallbackCycle()
    }

    /// Fills a cache with results over two batches of requests and shows how Reclaim points
    /// at it.
    private func showCacheLeak() {
        let cache = ResultCache()
        let batch = 100
        ObjectGraph.growth()
        console.statement("let cache = ResultCache()", note: "lives as long as the program")
        console.statement("ObjectGraph.growth()", note: "records the count of every type")
        for first in [1, batch + 1] {
            let requests = first...(first + batch - 1)
            for request in requests {
                handle(request: request, caching: cache)
            }
            console.step(
                "for r in \(requests) { handle(r) }",
                "ObjectGraph.growth()",
                describe(ObjectGraph.growth()),
                note: "total (growth since the last call)"
            )
        }
        console.step("", "GC.collect()", "\(GC.collect())", note: "nothing to free: the cache reaches them")
        explainHolder(of: cache)
        console.step("", "deepSize(cache)", "\(deepSize(cache))", note: "bytes the cache keeps alive")
        cache.removeAll()
        let left = ObjectGraph.typeStats()["ListObject", default: 0]
        console.step("cache.removeAll()", "ObjectGraph.typeStats()[\"ListObject\"]", "\(left)", note: "freed by ARC")
        withExtendedLifetime(cache) {}
    }

    /// Answers one request, and keeps its result in `cache` for good.
    private func handle(request: Int, caching cache: ResultCache) {
        cache.store(ListObject(Array(repeating: .int(request), count: 16)))
    }

    /// Prints the chain of references that keeps the cache's newest result alive.
    private func explainHolder(of cache: ResultCache) {
        guard let newest = cache.results.last else {
            return
        }
        let chain = ObjectGraph.backrefChain(to: newest).map(\.description) ?? "nil"
        console.step(
            "let newest = cache.results.last!",
            "ObjectGraph.backrefChain(to: newest)",
            chain,
            note: "what keeps it alive"
        )
    }

    /// A button whose plain closure captures it: ARC never frees it and the collector cannot
    /// see the reference, so only breaking the cycle by hand frees it.
    private func showPlainClosureCycle() {
        let log = DeinitLog()
        weak var weakButton: Button?
        do {
            let button = Button(title: "Cancel", onDeinit: { log.record("Cancel") })
            button.onHover = { button.title }
            weakButton = button
        }
        console.statement("do {")
        console.statement("    let button = Button(title: \"Cancel\")")
        console.statement("    button.onHover = { button.title }", note: "a plain closure captures button")
        console.step("}", "GC.collect()", "\(GC.collect())", note: "the capture is invisible to the collector")
        console.step("", "weakButton != nil", "\(weakButton != nil)", note: "leaked")
        weakButton?.onHover = nil
        console.step("weakButton?.onHover = nil", "weakButton == nil", "\(weakButton == nil)", note: "broken by hand")
    }

    /// A button whose `Callback` captures it: ARC never frees it, but the collector finds it.
    private func showCallbackCycle() {
        let log = DeinitLog()
        weak var weakButton: Button?
        do {
            let button = Button(title: "OK", onDeinit: { log.record("OK") })
            button.onTap = Callback(capturing: button) { button in "tapped \(button.title)" }
            weakButton = button
        }
        console.statement("do {")
        console.statement("    let button = Button(title: \"OK\")")
        console.statement("    button.onTap = Callback(capturing: button) { button in \"tapped \\(button.title)\" }")
        console.step("}", "weakButton != nil", "\(weakButton != nil)", note: "ARC alone keeps it: onTap holds it")
        reportUnreachable()
        console.step("", "GC.collect()", "\(GC.collect())", note: "found and cleared")
        console.step("", "weakButton == nil", "\(weakButton == nil)", note: "freed")
        console.step("", "deinit ran for", "\(log.names)")
    }

    /// Shows what a full collection would free, and the references that hold the first
    /// object of it, without keeping any of it alive afterwards.
    private func reportUnreachable() {
        let unreachable = Heap.current.unreachableObjects()
        let names = unreachable.map { "\(type(of: $0))" }
        console.step("", "Heap.current.unreachableObjects()", "\(names)", note: "what a collection would free")
        if let first = unreachable.first {
            console.step("", "its references to itself", describeCycle(through: first))
        }
    }

    /// The references from `object` back to itself, named by property, such as
    /// `Button → onTap.captured → Button`; only direct self-references are named.
    private func describeCycle(through object: GCObject) -> String {
        let typeName = "\(type(of: object))"
        let paths = ReferenceNames.strongReferencePaths(of: object)?[ObjectIdentifier(object)] ?? []
        guard !paths.isEmpty else {
            return "\(typeName) → ? → \(typeName)"
        }
        return "\(typeName) → \(paths.joined(separator: " | ")) → \(typeName)"
    }

    /// Rows of a growth report as `Type total (+delta)`, or `[]` when no type grew.
    private func describe(_ rows: [TypeGrowth]) -> String {
        rows.isEmpty ? "[]" : rows.map { "\($0.name) \($0.total) (+\($0.delta))" }.joined(separator: ", ")
    }
}
