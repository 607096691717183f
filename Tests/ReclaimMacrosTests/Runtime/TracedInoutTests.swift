import ReclaimMacros
import Testing

/// References in every kind of standard collection a stored `var` of a final class can hold,
/// and in a wrapper's storage: the generated `traverse` passes them `inout`, so the collector
/// reads the real retain counts of their buffers.
@Traced final class InoutNode: GCObject {
    var children: [InoutNode] = []
    var byName: [String: InoutNode] = [:]
    var optionalList: [InoutNode]?
    var nestedOptional: [InoutNode]?? = nil
    var lists: ([InoutNode], label: [InoutNode]) = ([], [])
    @StrongBox var sibling: InoutNode? = nil
    var label = ""
}

/// The same property in a class that is not final: a subclass could override `children` with
/// observers, so the generated `traverse` reads it by value (a copy).
@Traced class OpenInoutNode: GCObject {
    /// Overridable: not `final`, in a class that is not.
    public var children: [OpenInoutNode] = []
}

/// Stored `var`s with observers, which an `inout` access would run: read by value. `plain`
/// has none and is passed `inout`.
@Traced final class WatchedInoutNode: GCObject {
    var items: [WatchedInoutNode] = [] {
        didSet { changes += 1 }
    }
    var next: WatchedInoutNode? {
        willSet { changes += 1 }
    }
    var plain: [WatchedInoutNode] = []
    var changes = 0
}

/// The effect of passing a class's stored `var`s `inout`: an array's buffer only its property
/// refers to is reported as its holder's, and one that is shared is still a storage node of
/// its own, so collections stay exact.
@Suite struct TracedInoutTests {
    @Test func buffersOnlyTheirPropertyRefersToAreNotStorageNodes() {
        let heap = Heap()
        heap.disable()
        let root = InoutNode(heap: heap)
        let nodes = (0..<6).map { _ in InoutNode(heap: heap) }
        root.children = [nodes[0], nodes[1]]
        root.byName = ["a": nodes[2]]
        root.optionalList = [nodes[3]]
        root.lists = ([nodes[4]], label: [nodes[5]])
        root.sibling = nodes[0]
        nodes[0].children = [root]
        nodes[1].optionalList = [nodes[2], root]
        // A nested optional's outer `nil` is a small number, not an address.
        nodes[2].nestedOptional = .some(nil)
        nodes[4].nestedOptional = [nodes[5]]
        #expect(heap.collect() == 0)
        #expect(heap.storageNodesInLastCollection == 0)

        // A cycle through unique buffers only is collected, still without storage nodes.
        weak var first: InoutNode?
        weak var second: InoutNode?
        do {
            let a = InoutNode(heap: heap)
            let b = InoutNode(heap: heap)
            a.children = [b]
            b.byName = ["a": a]
            first = a
            second = b
        }
        #expect(heap.collect() == 2)
        #expect(heap.storageNodesInLastCollection == 0)
        #expect(first == nil && second == nil)
        withExtendedLifetime((root, nodes)) {}
    }

    @Test func aSharedBufferIsOneStorageNodeAndACopyInALocalKeepsItsElementsAlive() {
        let heap = Heap()
        heap.disable()
        weak var first: InoutNode?
        weak var second: InoutNode?
        var saved: [InoutNode] = []
        do {
            let a = InoutNode(heap: heap)
            let b = InoutNode(heap: heap)
            a.children = [a, b]
            b.children = a.children  // one buffer, two holders
            first = a
            second = b
            #expect(heap.collect() == 0)
            #expect(heap.storageNodesInLastCollection == 1)
            saved = a.children
        }
        // Only the copy in `saved` refers to the cycle from outside.
        #expect(heap.collect() == 0)
        #expect(heap.storageNodesInLastCollection == 1)
        #expect(first != nil && second != nil)
        #expect(saved.count == 2)

        saved = []
        #expect(heap.collect() == 2)
        #expect(heap.storageNodesInLastCollection == 1)
        #expect(first == nil && second == nil)
    }

    @Test func aPropertyASubclassCouldOverrideIsReadByValue() {
        let heap = Heap()
        heap.disable()
        let root = OpenInoutNode(heap: heap)
        root.children = [OpenInoutNode(heap: heap)]
        #expect(heap.collect() == 0)
        // The buffer has one holder, but the copy read out of the property is a second
        // reference while the collector looks.
        #expect(heap.storageNodesInLastCollection == 1)

        weak var first: OpenInoutNode?
        do {
            let a = OpenInoutNode(heap: heap)
            let b = OpenInoutNode(heap: heap)
            a.children = [b]
            b.children = [a]
            first = a
        }
        #expect(heap.collect() == 2)
        #expect(first == nil)
        withExtendedLifetime(root) {}
    }

    @Test func observersDoNotRunWhenTheCollectorLooksAndRunWhenItClears() {
        let heap = Heap()
        heap.disable()
        let a = WatchedInoutNode(heap: heap)
        let b = WatchedInoutNode(heap: heap)
        a.items = [b]
        a.next = b
        a.plain = [b]
        b.items = [a]
        #expect(a.changes == 2 && b.changes == 1)

        #expect(Set(reported(by: a)) == [ObjectIdentifier(b)])
        #expect(reported(by: a).count == 3)
        #expect(heap.collect() == 0)
        #expect(heap.referrers(of: b).count == 1)
        #expect(heap.verify().issues.isEmpty)
        #expect(a.changes == 2 && b.changes == 1)

        weak var first: WatchedInoutNode?
        do {
            let c = WatchedInoutNode(heap: heap)
            let d = WatchedInoutNode(heap: heap)
            c.next = d
            d.items = [c]
            first = c
        }
        #expect(heap.collect() == 2)
        #expect(first == nil)
        withExtendedLifetime((a, b)) {}
    }
}
