import Reclaim
import ReclaimInspection
import Testing

@Suite struct SizesTests {
    @Test func sizeofIsTheAllocatorsUsableSizeOfTheInstance() {
        let heap = Heap()
        let objects: [(AnyObject, requested: Int)] = [
            (EmptyObject(), 16), (TenInts(), 96), (SizedNode(heap: heap), 48),
        ]
        for (object, requested) in objects {
            #expect(sizeof(object) == GlibcSizes.usableSize(of: object))
            #expect(GlibcSizes.isUsableSize(sizeof(object), forRequest: requested), "\(type(of: object))")
        }
    }

    @Test func sizeofIsShallow() {
        let heap = Heap()
        let small = SizedNode(heap: heap)
        let large = SizedNode(heap: heap)
        large.numbers = Array(0..<1000)
        large.next = small
        // Both are 48-byte requests; the allocator may hand either a reused block up to 16
        // bytes larger, so each is checked against its request rather than the other.
        #expect(GlibcSizes.isUsableSize(sizeof(large), forRequest: 48))
        #expect(GlibcSizes.isUsableSize(sizeof(small), forRequest: 48))
        #expect(sizeof(large) < 48 + 1000 * 8, "the array's buffer is not counted")
    }

    @Test func deepSizeAddsReachableObjectsAndArrayBuffersOnce() {
        let heap = Heap()
        let first = SizedNode(heap: heap)
        let second = SizedNode(heap: heap)
        first.next = second
        second.next = first
        let shared = Array(repeating: 7, count: 100)
        first.numbers = shared
        second.numbers = shared
        let nodes = GlibcSizes.usableSize(of: first) + GlibcSizes.usableSize(of: second)
        let buffer = GlibcSizes.usableSize(ofBufferOf: shared)
        #expect(GlibcSizes.isUsableSize(buffer, forRequest: 32 + 100 * 8))
        #expect(deepSize(first) == nodes + buffer)
        #expect(deepSize(first, second) == nodes + buffer, "each allocation once")
        second.numbers = Array(repeating: 1, count: 10)
        #expect(deepSize(first) == nodes + buffer + GlibcSizes.usableSize(ofBufferOf: second.numbers))
        first.next = nil
        second.next = nil
    }

    @Test func deepSizeDoesNotFollowWeakReferences() {
        let heap = Heap()
        let holder = SizedNode(heap: heap)
        let other = SizedNode(heap: heap)
        other.numbers = Array(0..<500)
        holder.back = other
        #expect(deepSize(holder) == sizeof(holder))
    }

    @Test func emptyCollectionsAndSmallStringsCostNothingExtra() {
        let heap = Heap()
        let node = ContainerNode(heap: heap)
        node.name = "short"
        let report = DeepSizeReport(measuring: [node])
        #expect(report.storageBytes == 0)
        #expect(report.objectCount == 1)
        #expect(report.totalBytes == sizeof(node))
    }

    @Test func stringsDictionariesSetsAndNestedValuesAreMeasured() {
        let heap = Heap()
        let node = ContainerNode(heap: heap)
        node.name = String(repeating: "x", count: 200)
        let report = DeepSizeReport(measuring: [node])
        let stringBytes = report.byType["String"]?.bytes ?? 0
        #expect(report.byType["String"]?.count == 1)
        #expect(stringBytes >= 200 && stringBytes < 200 + 128, "header, 200 bytes and a terminator")

        node.table = ["a": Array(0..<50), "b": []]
        node.tags = ["one", "two"]
        node.pair = (Array(0..<20), node.name)
        let full = DeepSizeReport(measuring: [node])
        #expect(full.byType["String"]?.count == 1, "the same string buffer twice is counted once")
        #expect(full.byType["Dictionary<String, Array<Int>>"]?.count == 1)
        #expect(full.byType["Set<String>"]?.count == 1)
        let arrayBytes =
            GlibcSizes.usableSize(ofBufferOf: node.table["a"] ?? [])
            + GlibcSizes.usableSize(ofBufferOf: node.pair.first)
        #expect(full.byType["Array<Int>"] == DeepSizeReport.Usage(count: 2, bytes: arrayBytes))
        #expect(full.storageCount == 5)
        #expect(full.totalBytes == full.objectBytes + full.storageBytes)
        #expect(deepSize(node) == full.totalBytes)
    }

    @Test func deepSizeCountsTheWholeTreeReachableThroughTraverse() {
        let heap = Heap()
        let root = ContainerNode(heap: heap)
        for _ in 0..<3 {
            let child = ContainerNode(heap: heap)
            child.children = [ContainerNode(heap: heap)]
            root.children.append(child)
        }
        let report = DeepSizeReport(measuring: [root])
        let everyNode = [root] + root.children + root.children.flatMap(\.children)
        #expect(report.objectCount == 7)
        #expect(report.byType["ContainerNode"]?.count == 7)
        #expect(report.objectBytes == everyNode.map(GlibcSizes.usableSize(of:)).reduce(0, +))
        #expect(report.byType["Array<ContainerNode>"]?.count == 4)
    }
}

/// A list of values nested as deep as its length, to check that measuring does not recurse.
indirect enum NestedList {
    case end
    case item(String, NestedList)
}

/// Holds a deeply nested value.
final class DeepValueHolder: GCObject {
    var list = NestedList.end
}

@Suite struct DeepSizeNestingTests {
    @Test func deeplyNestedValuesAreMeasuredWithoutRecursion() {
        let heap = Heap()
        let holder = DeepValueHolder(heap: heap)
        let shared = String(repeating: "z", count: 100)
        var list = NestedList.end
        for _ in 0..<20_000 { list = .item(shared, list) }
        holder.list = list
        let report = DeepSizeReport(measuring: [holder])
        #expect(report.byType["String"]?.count == 1, "one buffer, shared by every item")
        #expect(report.objectCount == 1)
        // Freed one item at a time: releasing the whole chain at once recurses as deep as it is.
        holder.list = .end
        while case .item(_, let rest) = list { list = rest }
    }
}
