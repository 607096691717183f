import Testing

/// The tree workloads free every node, and the one collected at each drop examines each node
/// exactly once: the floor the automatic row is compared with.
@Suite struct TreeWorkloadTests {
    /// Nodes in one depth-15 tree.
    static let nodesPerTree = Double((1 << 16) - 1)

    @Test func collectedAtDropExaminesEachNodeOnceWhenItIsGarbage() throws {
        // Scale 20: two trees.
        let run = try BenchWorkloadRun(["--filter", "with-parents", "--scale", "20", "--no-python"])
        #expect(run.names == ["trees-with-parents", "trees-with-parents-collected-at-drop"])
        let atDrop = try #require(run.details["trees-with-parents-collected-at-drop"])
        #expect(atDrop["collected"] == 2 * Self.nodesPerTree)
        #expect(atDrop["candidates"] == 2 * Self.nodesPerTree)
        #expect(atDrop["collections"] == 2)
        let automatic = try #require(run.details["trees-with-parents"])
        #expect(automatic["collected"] == 2 * Self.nodesPerTree)
        // Automatic young collections run while a tree is built and reachable.
        #expect((automatic["candidates"] ?? 0) > 2 * Self.nodesPerTree)
        for workload in run.workloads {
            #expect(workload["plainSeconds"] is Double, "\(workload)")
        }
    }
}
