import Testing

@testable import Reclaim

/// An untracked value that runs code supplied by the test when it is freed.
private final class DeinitBox {
    let name: String
    var onDeinit: (() -> Void)?
    /// A strong reference the collector cannot see (the box is untracked).
    var held: GCObject?

    init(_ name: String, onDeinit: (() -> Void)? = nil) {
        self.name = name
        self.onDeinit = onDeinit
    }

    deinit { onDeinit?() }
}

@Suite struct WeakKeyDictionaryTests {
    @Test func anEntryVanishesWhenARCFreesItsKey() {
        let heap = Heap()
        let dictionary = WeakKeyDictionary<LinkNode, DeinitBox>()
        var freed: [String] = []
        let kept = LinkNode(heap: heap)
        dictionary[kept] = DeinitBox("kept") { freed.append("kept") }
        do {
            let node = LinkNode(heap: heap)
            dictionary[node] = DeinitBox("node") { freed.append("node") }
            #expect(dictionary[node]?.name == "node")
            #expect(dictionary.count == 2)
        }
        #expect(freed == ["node"], "the value is released with its entry")
        #expect(dictionary.count == 1)
        #expect(dictionary.storedEntryCount == 1)
        #expect(dictionary.keys.count == 1)
        #expect(dictionary.keys.first === kept)
        #expect(dictionary[kept]?.name == "kept")
    }

    @Test func anEntryVanishesWhenACollectionFreesItsKeyCycle() {
        let heap = Heap()
        let dictionary = WeakKeyDictionary<LinkNode, String>()
        let live = LinkNode(heap: heap)
        dictionary[live] = "live"
        do {
            let a = LinkNode(heap: heap)
            let b = LinkNode(heap: heap)
            a.next = b
            b.next = a
            dictionary[a] = "a"
            dictionary[b] = "b"
        }
        #expect(dictionary.count == 3, "reference counting alone cannot free a cycle")
        #expect(heap.collect() == 2)
        #expect(dictionary.storedEntryCount == 1)
        #expect(dictionary.count == 1)
        #expect(dictionary.values == ["live"])
        #expect(dictionary[live] == "live")
    }

    @Test func entriesAreRemovedBeforeTheFinalizersOfTheCollectionRun() {
        let heap = Heap()
        let dictionary = WeakKeyDictionary<FinalizingLinkNode, Int>()
        var storedDuringFinalize: [Int] = []
        do {
            let a = FinalizingLinkNode(heap: heap)
            let b = FinalizingLinkNode(heap: heap)
            a.next = b
            b.next = a
            a.onFinalize = { storedDuringFinalize.append(dictionary.storedEntryCount) }
            dictionary[a] = 1
            dictionary[b] = 2
        }
        #expect(heap.collect() == 2)
        #expect(storedDuringFinalize == [0])
        #expect(dictionary.isEmpty)
    }

    @Test func keysAreComparedByIdentity() {
        let heap = Heap()
        let dictionary = WeakKeyDictionary<LinkNode, String>()
        let first = LinkNode(heap: heap)
        let second = LinkNode(heap: heap)
        dictionary[first] = "first"
        #expect(dictionary[second] == nil)
        #expect(!dictionary.contains(key: second))
        dictionary[second] = "second"
        #expect(dictionary[first] == "first")
        #expect(dictionary[second] == "second")
        #expect(dictionary.count == 2)
    }

    @Test func reassigningAKeyReplacesTheValueAndKeepsOneWeakReference() {
        let heap = Heap()
        let dictionary = WeakKeyDictionary<LinkNode, DeinitBox>()
        var freed: [String] = []
        let key = LinkNode(heap: heap)
        dictionary[key] = DeinitBox("old") { freed.append("old") }
        dictionary[key] = DeinitBox("new") { freed.append("new") }
        #expect(freed == ["old"])
        #expect(dictionary[key]?.name == "new")
        #expect(dictionary.count == 1)
        #expect(WeakRef<LinkNode>.count(of: key) == 1)
    }

    @Test func reassigningAKeyBeforeACollectionFreesItStillRemovesTheEntry() {
        let heap = Heap()
        let dictionary = WeakKeyDictionary<LinkNode, Int>()
        do {
            let a = LinkNode(heap: heap)
            let b = LinkNode(heap: heap)
            a.next = b
            b.next = a
            dictionary[a] = 1
            dictionary[a] = 2
        }
        #expect(heap.collect() == 2)
        #expect(dictionary.storedEntryCount == 0)
    }

    @Test func settingNilRemovesTheEntry() {
        let heap = Heap()
        let dictionary = WeakKeyDictionary<LinkNode, Int>()
        let key = LinkNode(heap: heap)
        dictionary[key] = 1
        dictionary[key] = nil
        #expect(dictionary[key] == nil)
        #expect(dictionary.isEmpty)
        #expect(dictionary.storedEntryCount == 0)
        #expect(WeakRef<LinkNode>.count(of: key) == 0)
    }

    @Test func removeValueReturnsTheValueOnce() {
        let heap = Heap()
        let dictionary = WeakKeyDictionary<LinkNode, Int>()
        let key = LinkNode(heap: heap)
        let other = LinkNode(heap: heap)
        dictionary[key] = 7
        #expect(dictionary.removeValue(forKey: other) == nil)
        #expect(dictionary.removeValue(forKey: key) == 7)
        #expect(dictionary.removeValue(forKey: key) == nil)
        #expect(dictionary.storedEntryCount == 0)
        #expect(WeakRef<LinkNode>.count(of: key) == 0)
    }

    @Test func removeAllReleasesEveryValueAndWeakReference() {
        let heap = Heap()
        let dictionary = WeakKeyDictionary<LinkNode, DeinitBox>()
        var freed = 0
        let keys = (0..<5).map { _ in LinkNode(heap: heap) }
        for key in keys { dictionary[key] = DeinitBox("value") { freed += 1 } }
        #expect(dictionary.count == 5)
        dictionary.removeAll()
        #expect(freed == 5)
        #expect(dictionary.count == 0)
        #expect(dictionary.storedEntryCount == 0)
        #expect(keys.allSatisfy { WeakRef<LinkNode>.count(of: $0) == 0 })
    }

    @Test func keysAndValuesListTheLiveEntries() {
        let heap = Heap()
        let dictionary = WeakKeyDictionary<LinkNode, Int>()
        let keys = (0..<3).map { _ in LinkNode(heap: heap) }
        for (index, key) in keys.enumerated() { dictionary[key] = index }
        do {
            let doomed = LinkNode(heap: heap)
            dictionary[doomed] = 10
            #expect(dictionary.values.sorted() == [0, 1, 2, 10])
        }
        #expect(dictionary.values.sorted() == [0, 1, 2])
        let liveKeys = dictionary.keys
        #expect(liveKeys.count == 3)
        #expect(keys.allSatisfy { key in liveKeys.contains { $0 === key } })
    }

    @Test func iterationUsesASnapshotThatMayBeMutatedAround() {
        let heap = Heap()
        let dictionary = WeakKeyDictionary<LinkNode, Int>()
        let keys = (0..<3).map { _ in LinkNode(heap: heap) }
        for (index, key) in keys.enumerated() { dictionary[key] = index }
        var visited: [Int] = []
        for (key, value) in dictionary {
            #expect(key === keys[value])
            visited.append(value)
            dictionary.removeValue(forKey: key)
        }
        #expect(visited.sorted() == [0, 1, 2])
        #expect(dictionary.isEmpty)
    }

    @Test func theSnapshotKeepsItsKeysAlive() {
        let heap = Heap()
        let dictionary = WeakKeyDictionary<LinkNode, Int>()
        var keys = (0..<3).map { _ in LinkNode(heap: heap) }
        for (index, key) in keys.enumerated() { dictionary[key] = index }
        let snapshot = Array(dictionary)
        keys = []
        #expect(dictionary.count == 3)
        #expect(snapshot.map(\.value).sorted() == [0, 1, 2])
        withExtendedLifetime(snapshot) {}
    }

    @Test func aValueThatHoldsItsKeyKeepsTheKeyAlive() {
        let heap = Heap()
        let dictionary = WeakKeyDictionary<LinkNode, DeinitBox>()
        weak var weakKey: LinkNode?
        do {
            let key = LinkNode(heap: heap)
            let value = DeinitBox("value")
            value.held = key
            dictionary[key] = value
            weakKey = key
        }
        #expect(heap.collect() == 0)
        #expect(weakKey != nil)
        #expect(dictionary.count == 1)
        dictionary.removeAll()
        #expect(weakKey == nil)
    }

    @Test func aValueDeinitMayUseTheDictionary() {
        let heap = Heap()
        let dictionary = WeakKeyDictionary<LinkNode, DeinitBox>()
        let key = LinkNode(heap: heap)
        let other = LinkNode(heap: heap)
        var countsSeen: [Int] = []
        dictionary[other] = DeinitBox("other")
        dictionary[key] = DeinitBox("old") {
            countsSeen.append(dictionary.count)
            dictionary[other] = nil
        }
        dictionary[key] = DeinitBox("new")
        #expect(countsSeen == [2])
        #expect(dictionary.count == 1)
        #expect(dictionary[key]?.name == "new")
    }

    @Test func aValueDeinitMayFreeAnotherKey() {
        let heap = Heap()
        let dictionary = WeakKeyDictionary<LinkNode, DeinitBox>()
        let key = LinkNode(heap: heap)
        do {
            let other = LinkNode(heap: heap)
            dictionary[other] = DeinitBox("other")
            // The only strong reference to `other` is inside the value of `key`.
            let value = DeinitBox("holder")
            value.held = other
            dictionary[key] = value
        }
        #expect(dictionary.count == 2)
        dictionary.removeValue(forKey: key)
        #expect(dictionary.count == 0)
        #expect(dictionary.storedEntryCount == 0)
    }

    @Test func keysMayOutliveTheDictionary() {
        let heap = Heap()
        weak var weakDictionary: WeakKeyDictionary<LinkNode, Int>?
        var key: LinkNode? = LinkNode(heap: heap)
        do {
            let dictionary = WeakKeyDictionary<LinkNode, Int>()
            dictionary[key!] = 1
            weakDictionary = dictionary
        }
        #expect(weakDictionary == nil)
        #expect(WeakRef<LinkNode>.count(of: key!) == 0)
        key = nil
        #expect(heap.collect() == 0)
    }
}
