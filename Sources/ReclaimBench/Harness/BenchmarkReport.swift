/// What `--json` prints: the conditions of the run and one result per workload.
///
/// Every key is always present, `null` when it does not apply, so that the keys of a report
/// do not depend on which workloads ran or whether CPython did.
struct BenchmarkReport: Encodable {
    /// The CPython version compared with, or `nil` when the CPython side did not run.
    let python: String?
    let scale: Int
    let repetitions: Int
    /// How this `reclaim-bench` was compiled: `release`, or `debug`, whose times mean nothing.
    let build: String
    let workloads: [WorkloadResult]

    /// How this binary was compiled; SwiftPM defines `DEBUG` in debug builds only.
    static var buildConfiguration: String {
        #if DEBUG
            "debug"
        #else
            "release"
        #endif
    }

    private enum CodingKeys: String, CodingKey {
        case python, scale, repetitions, build, workloads
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(python, forKey: .python)
        try container.encode(scale, forKey: .scale)
        try container.encode(repetitions, forKey: .repetitions)
        try container.encode(build, forKey: .build)
        try container.encode(workloads, forKey: .workloads)
    }
}
