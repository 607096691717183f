import Testing

/// The allocation workloads run on the threads they name and report a time per object for
/// Reclaim and for plain Swift.
@Suite struct AllocationWorkloadTests {
    @Test func allThreeRunAndReportATimePerObject() throws {
        let run = try BenchWorkloadRun(["--filter", "allocate", "--scale", "200", "--no-python"])
        #expect(run.names == ["allocate-main-thread", "allocate-worker-thread", "allocate-worker-thread-heap"])
        for workload in run.workloads {
            let detail = try #require(workload["detail"] as? [String: Double])
            #expect((detail["ns per object"] ?? 0) > 0)
            #expect(workload["plainSeconds"] is Double, "\(workload)")
        }
    }
}
