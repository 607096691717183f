extension GC {
    /// Debugging options for collections, like the flags of CPython's `gc.set_debug()`.
    ///
    /// Output goes to ``Heap/logger`` (swift-log), one line per event at `info` level, in
    /// CPython's wording:
    ///
    ///     gc: collecting generation 2...
    ///     gc: objects in each generation: 3 0 12
    ///     gc: collectable <Node 0x0000600001234560> (generation 2)
    ///     gc: done, 2 unreachable, 0 uncollectable, 0.0000312s elapsed
    public struct DebugFlags: OptionSet, Sendable, Hashable {
        /// The flags as CPython numbers them (`gc.DEBUG_STATS` is 1, and so on).
        public let rawValue: Int

        /// Creates a set of flags from CPython's bit values.
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// Logs the start and the result of every collection (`DEBUG_STATS`).
        public static let stats = DebugFlags(rawValue: 1)

        /// Logs every unreachable object that is about to be cleared or saved
        /// (`DEBUG_COLLECTABLE`).
        public static let collectable = DebugFlags(rawValue: 2)

        /// Logs every object still referenced after its `clear()`, which goes to
        /// ``Heap/garbage`` (`DEBUG_UNCOLLECTABLE`).
        public static let uncollectable = DebugFlags(rawValue: 4)

        /// Keeps every unreachable object in ``Heap/garbage`` instead of clearing it
        /// (`DEBUG_SAVEALL`). Weak references to it are still cleared and finalizers still
        /// run: what you inspect is exactly what the collector would have freed.
        public static let saveAll = DebugFlags(rawValue: 32)

        /// The usual combination for hunting a leak: `collectable`, `uncollectable` and
        /// `saveAll` (`DEBUG_LEAK`).
        public static let leak: DebugFlags = [.collectable, .uncollectable, .saveAll]
    }
}
