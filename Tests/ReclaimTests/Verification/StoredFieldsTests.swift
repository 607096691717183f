import Testing

@testable import Reclaim

/// `RuntimeShims.storedFields(of:)` reads each stored property's ownership from the field
/// metadata, in `Mirror`'s order.
@Suite struct StoredFieldsTests {
    @Test func classPropertiesHaveTheirDeclaredOwnership() throws {
        let fields = try #require(RuntimeShims.storedFields(of: WellBehavedNode.self))
        let ownership = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0.ownership) })
        #expect(ownership["fixed"] == .strong)
        #expect(ownership["grid"] == .strong)
        #expect(ownership["$__lazy_storage_$_cached"] == .strong)
        #expect(ownership["parent"] == .weak)
        #expect(ownership["owner"] == .unowned)
        #expect(ownership["unsafeOwner"] == .unownedUnsafe)

        let heap = Heap()
        let owner = LinkNode(heap: heap)
        let node = WellBehavedNode(fixed: owner, pair: NodePair(first: owner), owner: owner, heap: heap)
        #expect(fields.map(\.name) == Mirror(reflecting: node).children.map(\.label))
    }

    @Test func structEnumAndGenericFieldsAreRead() throws {
        let pair = try #require(RuntimeShims.storedFields(of: NodePair.self))
        #expect(pair.map(\.name) == ["first", "second", "observer"])
        #expect(pair.map(\.ownership) == [.strong, .strong, .weak])

        let slot = try #require(RuntimeShims.storedFields(of: NodeSlot.self))
        #expect(Set(slot.map(\.name)) == ["empty", "single", "labeled"])
        #expect(slot.allSatisfy { $0.ownership == .strong })

        let box = try #require(RuntimeShims.storedFields(of: GenericBox<LinkNode>.self))
        #expect(box.map(\.name) == ["value"])
        let leaf = try #require(RuntimeShims.storedFields(of: ChainLeaf.self))
        #expect(leaf.map(\.name) == ["back", "c"])
        #expect(leaf.map(\.ownership) == [.weak, .strong])
    }

    @Test func otherKindsOfTypeHaveNoFields() {
        #expect(RuntimeShims.storedFields(of: LinkNode?.self) == nil)
        #expect(RuntimeShims.storedFields(of: (Int, Int).self) == nil)
        #expect(RuntimeShims.storedFields(of: (() -> Void).self) == nil)
        #expect(RuntimeShims.storedFields(of: Any.self) == nil)
        #expect(RuntimeShims.storedFields(of: LinkNode.Type.self) == nil)
    }
}
