import Testing

@testable import Reclaim

/// Storage nodes are named in messages as Swift code writes their types.
@Suite struct StorageNodeTests {
    indirect enum Chain {
        case end
        case link(GCObject, Chain)
    }

    @Test func collectionsAreNamedWithSugarAtAnyDepth() {
        #expect(StorageNode.describe([[GCObject]].self, sharing: .buffer) == "[[GCObject]] storage")
        #expect(StorageNode.describe([String: [GCObject?]].self, sharing: .buffer) == "[String: [GCObject?]] storage")
        #expect(StorageNode.describe(Set<Int>.self, sharing: .buffer) == "Set<Int> storage")
        #expect(
            StorageNode.describe(ContiguousArray<[Int: GCObject]>.self, sharing: .buffer)
                == "ContiguousArray<[Int: GCObject]> storage"
        )
        #expect(StorageNode.describe([(Int, [GCObject])].self, sharing: .buffer) == "[(Int, [GCObject])] storage")
        #expect(
            StorageNode.describe([(id: Int, nodes: [GCObject?])].self, sharing: .buffer)
                == "[(id: Int, nodes: [GCObject?])] storage"
        )
    }

    @Test func boxesAreNamedAfterTheValueTheyHold() {
        #expect(StorageNode.describe(Chain.self, sharing: .box) == "Chain box")
        #expect(StorageNode.describe(Any.self, sharing: .box) == "Any box")
        #expect(StorageNode.describe(Optional<Chain>.self, sharing: .box) == "Chain? box")
    }
}
