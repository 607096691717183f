import Foundation
import Testing

/// The allocation workloads run on the threads they name and report a time per object for
/// Reclaim and for plain Swift.
@Suite struct AllocationWorkloadTests {
    @Test func allThreeRunAndReportATimePerObject() throws {
        let result = try ReclaimExecutable.run(
            ["--filter", "allocate", "--scale", "200", "--repetitions", "1", "--no-python", "--json"],
            program: "reclaim-bench"
        )
        #expect(result.status == 0, "reclaim-bench failed: \(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        let report = try #require(object as? [String: Any])
        let workloads = try #require(report["workloads"] as? [[String: Any]])
        let names = workloads.compactMap { $0["name"] as? String }
        #expect(names == ["allocate-main-thread", "allocate-worker-thread", "allocate-worker-thread-heap"])
        for workload in workloads {
            let detail = try #require(workload["detail"] as? [String: Double])
            #expect((detail["ns per object"] ?? 0) > 0)
            #expect(workload["plainSeconds"] is Double, "\(workload)")
        }
    }
}
