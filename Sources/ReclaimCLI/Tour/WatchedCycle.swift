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
}
