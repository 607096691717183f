import Foundation
import Testing

/// The array-edge workloads scan a live graph: the generated code reads every buffer in place
/// (no storage node), the hand-written one through a copy (one storage node per node).
@Suite struct ArrayEdgeWorkloadTests {
    @Test func inPlaceReadsCountNoStorageNodeAndCopiesCountOnePerNode() throws {
        // Scale 500: 2 000 nodes.
        let result = try ReclaimExecutable.run(
            ["--filter", "array-edges", "--scale", "500", "--repetitions", "1", "--no-python", "--json"],
            program: "reclaim-bench"
        )
        #expect(result.status == 0, "reclaim-bench failed: \(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        let report = try #require(object as? [String: Any])
        let workloads = try #require(report["workloads"] as? [[String: Any]])
        let details = Dictionary(
            uniqueKeysWithValues: workloads.compactMap { entry in
                (entry["name"] as? String).map { ($0, entry["detail"] as? [String: Double] ?? [:]) }
            }
        )
        #expect(details["scan-live-graph-array-edges"]?["storage nodes"] == 0)
        #expect(details["scan-live-graph-array-edges-by-hand"]?["storage nodes"] == 2000)
        #expect(details.values.allSatisfy { $0["unreachable"] == 0 })
    }
}
