/// One benchmark: the same job done with Reclaim, with plain Swift, and in CPython.
struct Workload: Sendable {
    /// The name used by `--filter` and by the Python script.
    let name: String
    /// What is measured, in one line.
    let summary: String
    /// What the plain Swift variant does instead of collecting cycles.
    let plainVariant: String
    /// The target from the issue, checked against the measured ratios.
    let target: Target
    /// The workload of `python/workloads.py` to compare with, when not `name`.
    var pythonWorkload: String? = nil
    /// Runs the Reclaim variant once and returns the measured time.
    let reclaim: @Sendable (_ scale: Int) -> Measurement
    /// Runs the plain Swift variant once, if there is a meaningful one.
    let plain: (@Sendable (_ scale: Int) -> Measurement)?
    /// Whether to run once instead of taking the best of several runs (very large workloads).
    var runOnce = false
    /// Whether CPython has this workload (false for Swift-only measurements).
    var hasPython = true
    /// Which facts of the CPython run to print, as `python <name>` (none for most workloads).
    var pythonDetail: [String] = []

    /// A measured time plus facts worth printing (objects found, bytes used...).
    struct Measurement: Sendable {
        var time: Duration
        var detail: [String: Double] = [:]
    }

    enum Target: Sendable {
        /// Reclaim must be at least `factor` times faster than CPython.
        case fasterThanPython(factor: Double)
        /// Reclaim must take at most `factor` times the plain Swift time.
        case withinPlain(factor: Double)
        /// Informational: compared with another workload in the summary.
        case none
    }
}
