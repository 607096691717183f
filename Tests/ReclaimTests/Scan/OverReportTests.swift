import Reclaim
import Testing

/// When a collection finds an over-report, it distrusts every class whose reporting code
/// overlaps the liar's: the code of a `Traceable` value type they store, or of a superclass.
@Suite struct OverReportTests {
    /// A value type whose `traceReferences` also reports a `weak` reference: the bug.
    struct Link: Traceable {
        var strong: GCObject?
        weak var back: GCObject?

        func traceReferences(_ visit: (GCObject) -> Void) {
            if let strong { visit(strong) }
            if let back { visit(back) }
        }

        mutating func clearReferences() {
            strong = nil
        }
    }

    final class FirstHolder: GCObject {
        var link = Link()
        override func traverse(_ visit: (GCObject) -> Void) { link.traceReferences(visit) }
        override func clear() { link.clearReferences() }
    }

    final class SecondHolder: GCObject {
        var link = Link()
        override func traverse(_ visit: (GCObject) -> Void) { link.traceReferences(visit) }
        override func clear() { link.clearReferences() }
    }

    final class Victim: GCObject {
        var name = "alive"
        var next: GCObject?
        override func traverse(_ visit: (GCObject) -> Void) { if let next { visit(next) } }
        override func clear() {
            name = "CLEARED"
            next = nil
        }
    }

    @Test func aLieInAValueTypeIsDistrustedInEveryClassThatStoresIt() {
        let heap = Heap()
        heap.disable()
        heap.logger = LogCapture().logger()
        // Two FirstHolders report `p` strongly and weakly: its count goes below zero.
        let p = Victim(heap: heap)
        let firsts = (0..<2).map { _ in FirstHolder(heap: heap) }
        for first in firsts {
            first.link.strong = p
            first.link.back = p
        }
        // A SecondHolder in a self-cycle reports `q`, which it holds only weakly; `q` is held
        // from outside, by this test, and its count lands exactly on zero.
        let q = Victim(heap: heap)
        do {
            let second = SecondHolder(heap: heap)
            second.link.strong = second
            second.link.back = q
            q.next = second
        }
        // An unrelated cycle, which is freed.
        do {
            let a = Victim(heap: heap)
            let b = Victim(heap: heap)
            a.next = b
            b.next = a
        }
        let found = heap.collect()
        #expect(heap.stats[2].refused == 1)
        #expect(q.name == "alive", "the SecondHolder shares the lying code: it is distrusted too")
        #expect(found == 2, "the unrelated cycle is freed")
        withExtendedLifetime((p, firsts, q)) {}
        (q.next as? SecondHolder)?.link.strong = nil  // the self-cycle held back
        q.next = nil
    }

    class Base: GCObject {
        var next: GCObject?
        weak var weakNext: GCObject?
        override func traverse(_ visit: (GCObject) -> Void) {
            if let next { visit(next) }
            if let weakNext { visit(weakNext) }  // the bug, in shared superclass code
        }
        override func clear() { next = nil }
    }

    final class LeftSubclass: Base {}
    final class RightSubclass: Base {}

    @Test func aLieInASuperclassIsDistrustedInEverySubclass() {
        let heap = Heap()
        heap.disable()
        heap.logger = LogCapture().logger()
        let p = Victim(heap: heap)
        let lefts = (0..<2).map { _ in LeftSubclass(heap: heap) }
        for left in lefts {
            left.next = p
            left.weakNext = p
        }
        let q = Victim(heap: heap)
        do {
            let right = RightSubclass(heap: heap)
            right.next = right
            right.weakNext = q
            q.next = right
        }
        heap.collect()
        #expect(heap.stats[2].refused == 1)
        #expect(q.name == "alive")
        withExtendedLifetime((p, lefts, q)) {}
        (q.next as? RightSubclass)?.next = nil  // the self-cycle held back
        q.next = nil
    }
}
