import Reclaim
import ReclaimInspection
import ReclaimTestSupport
import Testing

/// A graph is built in runs of a few thousand objects; these graphs span several runs, with
/// references that cross from every run to every other, and are checked edge by edge against
/// the references the test stored.
@Suite struct ReferenceGraphTests {
    final class Node {
        var children: [Node] = []
        weak var parent: Node?
        var first: Node?
    }

    /// `count` nodes, each with up to four random children (in an array) and a random `first`;
    /// returns the nodes and, for each, the positions it refers to strongly, in the order the
    /// walker lists them (`children`' storage is an object of its own, between node and child).
    static func makeNodes(count: Int, seed: UInt64) -> (nodes: [Node], references: [[Int]]) {
        var rng = SplitMix64(seed: seed)
        let nodes = (0..<count).map { _ in Node() }
        var references: [[Int]] = []
        for node in nodes {
            let children = (0..<Int.random(in: 0...4, using: &rng)).map { _ in Int.random(in: 0..<count, using: &rng) }
            node.children = children.map { nodes[$0] }
            node.parent = nodes.randomElement(using: &rng)
            let first = Int.random(in: 0..<count, using: &rng)
            node.first = nodes[first]
            references.append(children + [first])
        }
        return (nodes, references)
    }

    static func address(_ object: AnyObject) -> UnsafeRawPointer {
        UnsafeRawPointer(Unmanaged.passUnretained(object).toOpaque())
    }

    @Test(arguments: [1, 4_095, 4_096, 4_097, 10_000])
    func everyReferenceIsCountedAcrossRuns(count: Int) {
        let (nodes, references) = Self.makeNodes(count: count, seed: UInt64(count))
        // The nodes, then their children's storage objects (once each: an empty array's
        // storage is one shared object).
        let walker = ReferenceWalker()
        var objects = nodes.map(Self.address)
        var storages: Set<UnsafeRawPointer> = []
        for node in nodes {
            walker.forEachReference(of: Self.address(node)) { target, _ in
                if walker.kind(of: target) == .arrayStorage, storages.insert(target).inserted { objects.append(target) }
            }
        }
        let viaBatches = ReferenceGraph(walking: objects, with: walker)
        let viaReferences = ReferenceGraph(
            objects: objects,
            kind: walker.kind(of:),
            references: { _, object, visit in walker.forEachReference(of: object, visit) }
        )
        var expectedInDegree = [Int](repeating: 0, count: count)
        for targets in references { for target in targets { expectedInDegree[target] += 1 } }
        for graph in [viaBatches, viaReferences] {
            #expect(graph.unreadableCounts.isEmpty)
            var edges = 0
            for (position, node) in nodes.enumerated() {
                // A node refers to its children's storage (when it has children) and `first`;
                // the storage refers to the children.
                let direct = Array(graph.targets(of: position))
                var reached: [Int] = []
                for target in direct {
                    if target < count {
                        reached.append(target)
                    } else {
                        reached.append(contentsOf: graph.targets(of: target))
                    }
                }
                #expect(reached.sorted() == references[position].sorted(), "node \(position)")
                edges += direct.count + (node.children.isEmpty ? 0 : node.children.count)
                #expect(graph.internalCount(of: position) == expectedInDegree[position])
                // Held by `nodes` (and the test's locals) besides the references inside.
                #expect(graph.externalCount(of: position) >= 1)
                #expect(
                    graph.retainCount(of: position) == graph.internalCount(of: position)
                        + graph.externalCount(of: position)
                )
            }
            #expect(graph.edgeCount == edges)
            #expect(graph.unreachableFromOutside().allSatisfy { !$0 })
        }
        // The nodes refer to each other in cycles: break them, so nothing leaks.
        for node in nodes {
            node.children = []
            node.first = nil
        }
    }
}
