extension Heap {
    /// Whether automatic collection is on. Manual ``collect(generation:)`` always works.
    public var isEnabled: Bool { state.isEnabled }

    /// Turns automatic collection on (the default).
    public func enable() { state.isEnabled = true }

    /// Turns automatic collection off, for example while measuring or in a latency-critical
    /// section. Unreachable cycles then accumulate until ``collect(generation:)`` runs.
    public func disable() { state.isEnabled = false }

    /// The collection thresholds of generations 0, 1 and 2, like CPython's
    /// `gc.get_threshold()` / `gc.set_threshold()`.
    ///
    /// An automatic collection starts when net allocations of tracked objects exceed
    /// threshold 0; generation 1 is included once generation 0 has been collected more than
    /// threshold 1 times, and generation 2 once generation 1 has been collected more than
    /// threshold 2 times *and* the objects promoted to generation 2 since the last full
    /// collection are at least 25 % of generation 2. Threshold 0 set to 0 turns automatic
    /// collection off. Defaults: (10000, 10, 10); the README explains the measurement behind them.
    ///
    /// Setting a negative value stops the program with a message that names it.
    public var thresholds: (Int, Int, Int) {
        get { (state.threshold0, state.threshold1, state.threshold2) }
        set {
            for (position, value) in [newValue.0, newValue.1, newValue.2].enumerated() {
                guard value >= 0 else {
                    fatalError(
                        "thresholds = \(newValue): threshold \(position) is \(value); thresholds must be 0 or more"
                    )
                }
            }
            (state.threshold0, state.threshold1, state.threshold2) = newValue
        }
    }

    /// The current collection counters, like CPython's `gc.get_count()`: net allocations since
    /// the last generation-0 collection, generation-0 collections since the last generation-1
    /// collection, and generation-1 collections since the last full collection.
    public var counts: (Int, Int, Int) { (state.count0, state.count1, state.count2) }

    /// Per-generation statistics since the heap was created, like CPython's `gc.get_stats()`.
    public var stats: [GenerationStats] { state.stats }
}
