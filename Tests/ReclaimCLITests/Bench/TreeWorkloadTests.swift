import Testing

/// The rows that take `trees-with-parents` apart: collected at each drop, each node is examined
/// exactly once; the subclass baseline runs the same Reclaim workload against another plain
/// tree.
@Suite struct TreeWorkloadTests {
    /// Nodes in one depth-15 tree.
    static let nodesPerTree = Double((1 << 16) - 1)

    @Test func collectedAtDropExaminesEachNodeOnceWhenItIsGarbage() throws {
        // Scale 20: two trees.
        let run = try BenchWorkloadRun(["--filter", "with-parents", "--scale", "20", "--no-python"])
        #expect(
            run.names == [
                "trees-with-parents", "trees-with-parents-collected-at-drop", "trees-with-parents-subclass-baseline",
            ]
        )
        let atDrop = try #require(run.details["trees-with-parents-collected-at-drop"])
        #expect(atDrop["collected"] == 2 * Self.nodesPerTree)
        #expect(atDrop["candidates"] == 2 * Self.nodesPerTree)
        #expect(atDrop["collections"] == 2)
        for name in ["trees-with-parents", "trees-with-parents-subclass-baseline"] {
            let automatic = try #require(run.details[name])
            #expect(automatic["collected"] == 2 * Self.nodesPerTree, "\(name)")
            #expect((automatic["candidates"] ?? 0) >= 2 * Self.nodesPerTree, "\(name)")
        }
        for workload in run.workloads {
            #expect(workload["plainSeconds"] is Double, "\(workload)")
        }
    }
}
