/// Two lists that refer to each other, watched through weak references so that watching
/// them does not keep them alive.
struct WatchedCycle {
    weak var a: ListObject?
    weak var b: ListObject?
    let log: DeinitLog

    init(_ a: ListObject, _ b: ListObject, log: DeinitLog) {
        self.a = a
        self.b = b
        self.log = log
    }

    /// Builds `a = []; b = []; a.append(b); b.append(a)` and drops both names before returning.
    static func makeUnreachable() -> WatchedCycle {
        let log = DeinitLog()
        let a = ListObject(onDeinit: { log.record("a") })
        let b = ListObject(onDeinit: { log.record("b") })
        a.append(.list(b))
        b.append(.list(a))
        return WatchedCycle(a, b, log: log)
    }
}
