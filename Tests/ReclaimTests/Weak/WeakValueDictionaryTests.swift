import Testing

@testable import Reclaim

@Suite struct WeakValueDictionaryTests {
    @Test func anEntryVanishesWhenARCFreesItsValue() {
        let heap = Heap()
        let dictionary = WeakValueDictionary<String, LinkNode>()
        let kept = LinkNode(heap: heap)
        dictionary["kept"] = kept
        do {
            let node = LinkNode(heap: heap)
            dictionary["node"] = node
            #expect(dictionary["node"] === node)
            #expect(dictionary.count == 2)
        }
        #expect(dictionary["node"] == nil)
        #expect(!dictionary.contains(key: "node"))
        #expect(dictionary.count == 1)
        #expect(dictionary.storedEntryCount == 1)
        #expect(dictionary.keys == ["kept"])
        #expect(dictionary["kept"] === kept)
    }

    @Test func anEntryVanishesWhenACollectionFreesItsValueCycle() {
        let heap = Heap()
        let dictionary = WeakValueDictionary<String, LinkNode>()
        let live = LinkNode(heap: heap)
        dictionary["live"] = live
        do {
            let a = LinkNode(heap: heap)
            let b = LinkNode(heap: heap)
            a.next = b
            b.next = a
            dictionary["a"] = a
            dictionary["b"] = b
        }
        #expect(dictionary.count == 3, "reference counting alone cannot free a cycle")
        #expect(heap.collect() == 2)
        #expect(dictionary.storedEntryCount == 1)
        #expect(dictionary.count == 1)
        #expect(dictionary.keys == ["live"])
        #expect(dictionary["a"] == nil)
        #expect(dictionary["b"] == nil)
        #expect(dictionary["live"] === live)
    }

    @Test func entriesAreRemovedBeforeTheFinalizersOfTheCollectionRun() {
        let heap = Heap()
        let dictionary = WeakValueDictionary<Int, FinalizingLinkNode>()
        var storedDuringFinalize: [Int] = []
        do {
            let a = FinalizingLinkNode(heap: heap)
            let b = FinalizingLinkNode(heap: heap)
            a.next = b
            b.next = a
            a.onFinalize = { storedDuringFinalize.append(dictionary.storedEntryCount) }
            dictionary[1] = a
            dictionary[2] = b
        }
        #expect(heap.collect() == 2)
        #expect(storedDuringFinalize == [0])
        #expect(dictionary.isEmpty)
    }

    @Test func reassigningAKeyBeforeTheOldValueDiesKeepsTheNewEntry() {
        let heap = Heap()
        let dictionary = WeakValueDictionary<String, LinkNode>()
        let replacement = LinkNode(heap: heap)
        do {
            let old = LinkNode(heap: heap)
            dictionary["key"] = old
            dictionary["key"] = replacement
            #expect(WeakRef<LinkNode>.count(of: old) == 0, "the old weak reference is released")
        }
        #expect(dictionary["key"] === replacement)
        #expect(dictionary.count == 1)
        #expect(WeakRef<LinkNode>.count(of: replacement) == 1)
    }

    @Test func reassigningAKeyBeforeACollectionFreesTheOldValueKeepsTheNewEntry() {
        let heap = Heap()
        let dictionary = WeakValueDictionary<String, LinkNode>()
        let replacement = LinkNode(heap: heap)
        var watchers: [WeakRef<LinkNode>] = []
        do {
            let a = LinkNode(heap: heap)
            let b = LinkNode(heap: heap)
            a.next = b
            b.next = a
            dictionary["key"] = a
            watchers.append(WeakRef(a))
            dictionary["key"] = replacement
        }
        #expect(heap.collect() == 2)
        #expect(watchers[0].object == nil)
        #expect(dictionary["key"] === replacement)
        #expect(dictionary.storedEntryCount == 1)
    }

    @Test func settingTheSameValueAgainKeepsOneWeakReference() {
        let heap = Heap()
        let dictionary = WeakValueDictionary<String, LinkNode>()
        let node = LinkNode(heap: heap)
        dictionary["key"] = node
        dictionary["key"] = node
        #expect(WeakRef<LinkNode>.count(of: node) == 1)
        dictionary["other"] = node
        #expect(WeakRef<LinkNode>.count(of: node) == 2)
        #expect(dictionary.count == 2)
    }

    @Test func settingNilRemovesTheEntry() {
        let heap = Heap()
        let dictionary = WeakValueDictionary<String, LinkNode>()
        let node = LinkNode(heap: heap)
        dictionary["key"] = node
        dictionary["key"] = nil
        #expect(dictionary["key"] == nil)
        #expect(dictionary.isEmpty)
        #expect(dictionary.storedEntryCount == 0)
        #expect(WeakRef<LinkNode>.count(of: node) == 0)
    }

    @Test func removeValueReturnsTheValueOnce() {
        let heap = Heap()
        let dictionary = WeakValueDictionary<String, LinkNode>()
        let node = LinkNode(heap: heap)
        dictionary["key"] = node
        #expect(dictionary.removeValue(forKey: "key") === node)
        #expect(dictionary.removeValue(forKey: "key") == nil)
        #expect(dictionary.removeValue(forKey: "missing") == nil)
        #expect(dictionary.storedEntryCount == 0)
        #expect(WeakRef<LinkNode>.count(of: node) == 0)
    }

    @Test func removeAllRemovesEveryEntryAndItsWeakReference() {
        let heap = Heap()
        let dictionary = WeakValueDictionary<Int, LinkNode>()
        let nodes = (0..<5).map { _ in LinkNode(heap: heap) }
        for (index, node) in nodes.enumerated() { dictionary[index] = node }
        #expect(dictionary.count == 5)
        dictionary.removeAll()
        #expect(dictionary.count == 0)
        #expect(dictionary.isEmpty)
        #expect(dictionary.storedEntryCount == 0)
        #expect(nodes.allSatisfy { WeakRef<LinkNode>.count(of: $0) == 0 })
        // Entries added again still vanish with their values.
        do {
            let node = LinkNode(heap: heap)
            dictionary[9] = node
            #expect(dictionary.count == 1)
        }
        #expect(dictionary.storedEntryCount == 0)
    }

    @Test func keysAndValuesListTheLiveEntries() {
        let heap = Heap()
        let dictionary = WeakValueDictionary<Int, LinkNode>()
        let nodes = (0..<4).map { _ in LinkNode(heap: heap) }
        for (index, node) in nodes.enumerated() { dictionary[index] = node }
        do {
            let doomed = LinkNode(heap: heap)
            dictionary[10] = doomed
            #expect(dictionary.keys.sorted() == [0, 1, 2, 3, 10])
        }
        #expect(dictionary.keys.sorted() == [0, 1, 2, 3])
        let values = dictionary.values
        #expect(values.count == 4)
        #expect(nodes.allSatisfy { node in values.contains { $0 === node } })
    }

    @Test func iterationUsesASnapshotThatMayBeMutatedAround() {
        let heap = Heap()
        let dictionary = WeakValueDictionary<Int, LinkNode>()
        let nodes = (0..<3).map { _ in LinkNode(heap: heap) }
        for (index, node) in nodes.enumerated() { dictionary[index] = node }
        var visited: [Int] = []
        for (key, value) in dictionary {
            #expect(value === nodes[key])
            visited.append(key)
            dictionary.removeValue(forKey: key)
            dictionary[key + 100] = value
        }
        #expect(visited.sorted() == [0, 1, 2])
        #expect(dictionary.keys.sorted() == [100, 101, 102])
        withExtendedLifetime(nodes) {}
    }

    @Test func theSnapshotKeepsItsValuesAlive() {
        let heap = Heap()
        let dictionary = WeakValueDictionary<Int, LinkNode>()
        var nodes = (0..<3).map { _ in LinkNode(heap: heap) }
        for (index, node) in nodes.enumerated() { dictionary[index] = node }
        let snapshot = Array(dictionary)
        nodes = []
        #expect(dictionary.count == 3)
        #expect(snapshot.map(\.key).sorted() == [0, 1, 2])
        withExtendedLifetime(snapshot) {}
    }

    @Test func valuesMayOutliveTheDictionary() {
        let heap = Heap()
        weak var weakDictionary: WeakValueDictionary<Int, LinkNode>?
        var node: LinkNode? = LinkNode(heap: heap)
        do {
            let dictionary = WeakValueDictionary<Int, LinkNode>()
            dictionary[1] = node
            weakDictionary = dictionary
        }
        #expect(weakDictionary == nil)
        #expect(WeakRef<LinkNode>.count(of: node!) == 0)
        node = nil
        #expect(heap.collect() == 0)
    }
}
