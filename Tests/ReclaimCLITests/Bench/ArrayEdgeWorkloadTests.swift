import Testing

/// The array-edge workloads scan a live graph: the generated code reads every buffer in place
/// (no storage node), the hand-written one through a copy (one storage node per node).
@Suite struct ArrayEdgeWorkloadTests {
    @Test func inPlaceReadsCountNoStorageNodeAndCopiesCountOnePerNode() throws {
        // Scale 500: 2 000 nodes.
        let details = try BenchWorkloadRun(["--filter", "array-edges", "--scale", "500", "--no-python"]).details
        #expect(details["scan-live-graph-array-edges"]?["storage nodes"] == 0)
        #expect(details["scan-live-graph-array-edges-by-hand"]?["storage nodes"] == 2000)
        #expect(details.count == 2 && details.values.allSatisfy { $0["unreachable"] == 0 })
    }
}
