import ReclaimInspection
import ReclaimTestSupport
import ReclaimTracing
import Testing

/// objgraph's queries over every Swift object, plain classes and closures included. A capture
/// lists every object the process allocated while tracing, other tests' too: the types here
/// have names no other test uses, so the counts by name are this test's own.
@Suite(.serialized, .exclusiveTracing, .enabled(if: AllocationTracer.isAvailable))
struct LiveObjectGraphTests {
    final class GraphLeaf {
        var value = 0
    }

    final class GraphOwner {
        var children: [GraphLeaf] = []
        var onEvent: (() -> Int)?
        weak var weakLeaf: GraphLeaf?
    }

    @Test func typeStatsGrowthAndChainsCoverPlainObjectsAndClosures() throws {
        try AllocationTracer.start()
        defer { AllocationTracer.stop() }
        let before = try LiveObjectGraph.capture()
        let owner = GraphOwner()
        owner.children = (0..<5).map { _ in GraphLeaf() }
        let captured = GraphLeaf()
        let offset = 3
        owner.onEvent = { captured.value + offset }
        owner.weakLeaf = captured
        let graph = try LiveObjectGraph.capture()

        let stats = graph.typeStats()
        #expect(stats["GraphLeaf"] == 6)
        #expect(stats["GraphOwner"] == 1)
        #expect(stats["closure context", default: 0] >= 1)
        #expect(graph.mostCommonTypes(limit: nil).contains(TypeCount(name: "GraphLeaf", count: 6)))
        #expect(
            graph.leakingObjects().contains { $0.name == "GraphOwner" },
            "a local holds it: nothing captured refers to it"
        )
        let growth = graph.growth(since: before, limit: nil)
        #expect(growth.contains(TypeGrowth(name: "GraphLeaf", total: 6, delta: 6)))

        #expect(
            graph.backrefChain(to: owner.children[3])?.description
                == "GraphOwner → children → Array storage → [3] → GraphLeaf"
        )
        let toCaptured = graph.refChain(from: owner, to: captured)?.description
        #expect(toCaptured?.hasPrefix("GraphOwner → onEvent → ") == true, "\(toCaptured ?? "nil")")
        #expect(toCaptured?.hasSuffix(" → GraphLeaf") == true)
        #expect(graph.refChain(from: captured, to: owner) == nil, "weak references are not followed")
        withExtendedLifetime((owner, captured)) {}
    }

    @Test func anObjectKeptAliveOnlyByACycleHasNoBackrefChain() throws {
        try AllocationTracer.start()
        defer { AllocationTracer.stop() }
        weak var leaked: GraphOwner?
        do {
            let owner = GraphOwner()
            owner.onEvent = { owner.children.count }
            leaked = owner
        }
        let graph = try LiveObjectGraph.capture()
        let owner = try #require(leaked)
        #expect(graph.backrefChain(to: owner) == nil)
        #expect(graph.leakingObjects().contains { $0.name == "GraphOwner" } == false, "its closure refers to it")
        owner.onEvent = nil
    }

    @Test func captureNeedsTracing() {
        #expect(throws: LiveObjectGraph.CaptureError.self) { try LiveObjectGraph.capture() }
    }

    /// The README's example, verbatim apart from the assertions.
    @Test func theReadmeExample() throws {
        try AllocationTracer.start()
        defer { AllocationTracer.stop() }
        let before = try LiveObjectGraph.capture()
        let owner = GraphOwner()  // plain classes: no GCObject, no @Traced
        owner.children = (0..<5).map { _ in GraphLeaf() }
        let after = try LiveObjectGraph.capture()
        #expect(after.growth(since: before).contains(TypeGrowth(name: "GraphLeaf", total: 5, delta: 5)))
        #expect(
            after.backrefChain(to: owner.children[3])?.description
                == "GraphOwner → children → Array storage → [3] → GraphLeaf"
        )
    }

    @Test func theGraphvizExportNamesPropertiesElementsAndCaptures() throws {
        try AllocationTracer.start()
        defer { AllocationTracer.stop() }
        let owner = GraphOwner()
        owner.children = [GraphLeaf()]
        let offset = 1
        owner.onEvent = { owner.children.count + offset }
        let graph = try LiveObjectGraph.capture()
        let references = graph.dot(of: [owner], direction: .references, maxDepth: 4)
        #expect(references.hasPrefix("digraph objects {"))
        #expect(references.contains("[label=\"GraphOwner\", style=filled"))
        #expect(references.contains("[label=\"children\"]"))
        #expect(references.contains("[label=\"[0]\"]"))
        #expect(references.contains("[label=\"onEvent\"]"))
        #expect(references.contains("[label=\"capture #0\"]"))
        #expect(references.contains("[label=\"closure context\""))
        let referrers = graph.dot(of: [owner.children[0]], direction: .referrers, maxDepth: 2)
        #expect(referrers.contains("[label=\"Array storage\""))
        #expect(referrers.contains("[label=\"[0]\"]"))
        owner.onEvent = nil
    }
}
