import Foundation
import Testing

/// The workloads of one `reclaim-bench --json` run, by name, for tests that check what the
/// workloads report (never their times: a debug build's mean nothing).
struct BenchWorkloadRun {
    /// Each workload's JSON object, in the order the run printed them.
    let workloads: [[String: Any]]

    /// Runs `reclaim-bench` with `arguments` plus one repetition and `--json`; records an issue
    /// when it fails.
    init(_ arguments: [String]) throws {
        let result = try ReclaimExecutable.run(arguments + ["--repetitions", "1", "--json"], program: "reclaim-bench")
        #expect(result.status == 0, "reclaim-bench failed: \(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        let report = try #require(object as? [String: Any])
        workloads = try #require(report["workloads"] as? [[String: Any]])
    }

    /// The names of the workloads that ran.
    var names: [String] { workloads.compactMap { $0["name"] as? String } }

    /// The facts a workload reported (`detail`), by workload name.
    var details: [String: [String: Double]] {
        Dictionary(
            workloads.compactMap { entry in
                (entry["name"] as? String).map { ($0, entry["detail"] as? [String: Double] ?? [:]) }
            },
            uniquingKeysWith: { first, _ in first }
        )
    }
}
