import Reclaim
import Testing

/// References between objects of two heaps: each heap counts them as references from outside,
/// so a cycle across heaps is never collected; `verify()` names them, and debug builds log
/// them from collections.
@Suite struct CrossHeapTests {
    @Test func aCycleAcrossTwoHeapsIsNeverCollected() {
        let first = Heap()
        let second = Heap()
        weak var weakA: LinkNode?
        do {
            let a = LinkNode(heap: first)
            let b = LinkNode(heap: second)
            a.next = b
            b.next = a
            weakA = a
        }
        #expect(first.collect() == 0)
        #expect(second.collect() == 0)
        #expect(first.unreachableObjects().isEmpty)
        #expect(weakA != nil, "each heap sees the other's reference as one from outside")
        weakA?.next = nil
        #expect(weakA == nil)
    }

    @Test func verifyNamesEveryReferenceToAnotherHeapWithItsProperty() {
        let first = Heap()
        let second = Heap()
        let a = LinkNode(heap: first)
        let b = LinkNode(heap: second)
        a.next = b
        let report = first.verify()
        let issue = report.issues.first { $0.kind == .referencesAnotherHeap }
        #expect(issue?.typeName == "LinkNode")
        #expect(issue?.property == "next")
        #expect(issue?.referencedTypeName == "LinkNode")
        #expect(issue?.kind.isDangerous == false)
        #expect(issue?.description.contains("of another heap: a cycle through it is never collected") == true)
        #expect(second.verify().isClean)
        withExtendedLifetime((a, b)) {}
    }

    @Test func debugBuildsLogReferencesToAnotherHeapOncePerPairOfClasses() throws {
        #if DEBUG
            let capture = LogCapture()
            let first = Heap()
            first.logger = capture.logger()
            let second = Heap()
            let holders = (0..<3).map { _ in LinkNode(heap: first) }
            for holder in holders { holder.next = LinkNode(heap: second) }
            first.collect()
            first.collect()
            let warnings = capture.lines.filter { $0.hasPrefix("warning:") }
            #expect(warnings.count == 1)
            #expect(warnings.first?.contains("LinkNode objects refer to LinkNode objects of another heap") == true)
            withExtendedLifetime(holders) {}
        #endif
    }

    @Test func isTrackedOfAnotherHeapsObjectSaysSo() {
        let capture = LogCapture()
        let first = Heap()
        first.logger = capture.logger()
        let second = Heap()
        let other = LinkNode(heap: second)
        #expect(!first.isTracked(other))
        #expect(capture.lines.count == 1)
        #expect(capture.lines.first?.contains("is tracked by another heap, not by this one") == true)
        #expect(!first.isTracked(UntrackedObject(heap: first)))
        #expect(capture.lines.count == 1, "an untracked object is simply not tracked")
        withExtendedLifetime(second) {}
    }
}
