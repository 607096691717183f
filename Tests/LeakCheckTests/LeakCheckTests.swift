import LeakCheck
import Reclaim
import ReclaimInspection
import ReclaimTestSupport
import ReclaimTracing
import Testing

/// Leak checks trace allocations, which tracer tests elsewhere count on being off.
@Suite(.exclusiveTracing) struct LeakCheckTests {
    @Test func cleanCodeReportsNothing() {
        let heap = Heap()
        let (count, report) = LeakCheck.run(.collectable(), in: heap) {
            let parent = Parent(heap: heap)
            for _ in 0..<3 { parent.children.append(Child(heap: heap)) }
            return parent.children.count
        }
        #expect(count == 3)
        #expect(report.isClean)
        #expect(report.description == "no leaks")
        #expect(heap.isEnabled, "automatic collection is enabled again")
    }

    @Test(.enabled(if: AllocationTracer.isAvailable))
    func aParentChildCycleIsReportedWithPropertiesAndAllocationSites() {
        let heap = Heap()
        weak var leakedParent: Parent?
        var lines = (parentLine: 0, childLine: 0)
        let (_, report) = LeakCheck.run(.collectable(), in: heap) {
            lines = Fixtures.makeFamily(heap: heap)
            leakedParent = heap.objects().compactMap { $0 as? Parent }.first
        }
        #expect(
            report.description == """
                1 leaked reference cycle created in this block (a collection would free it):
                cycle 1: Parent.children[] → Child.parent → Parent
                  Parent allocated at Family.swift:\(lines.parentLine) in Fixtures.makeFamily(heap:)
                  Child allocated at Family.swift:\(lines.childLine) in Fixtures.makeFamily(heap:)
                """
        )
        #expect(report.cycles.first?.memberCount == 2)
        #expect(report.cycles.first?.links.first?.object.allocationTraceback?.frames.isEmpty == false)
        #expect(leakedParent == nil, "the check collected the cycle after reporting it")
    }

    @Test func objectsHangingOffACycleAndLargerGroupsAreSummarized() {
        let heap = Heap()
        let (_, report) = LeakCheck.run(LeakCheck.Options.collectable(allocationFrames: 0), in: heap) {
            let parent = Parent(heap: heap)
            for _ in 0..<3 {
                let child = Child(heap: heap)
                child.parent = parent
                child.attachments = [Attachment(heap: heap), Attachment(heap: heap)]
                parent.children.append(child)
            }
        }
        #expect(
            report.description == """
                1 leaked reference cycle created in this block (a collection would free it):
                cycle 1: Parent.children[] → Child.parent → Parent
                  Parent allocation site unknown
                  Child allocation site unknown
                  the cycle is part of a group of 4 objects referring to each other: 3 × Child, 1 × Parent
                kept alive only by these cycles: 6 × Attachment
                """
        )
    }

    @Test func aSelfReferenceIsACycleAndSeparateCyclesAreListedInAllocationOrder() {
        let heap = Heap()
        let (_, report) = LeakCheck.run(LeakCheck.Options.collectable(allocationFrames: 0), in: heap) {
            let loner = Attachment(heap: heap)
            loner.owner = loner
            let first = Attachment(heap: heap)
            let second = Attachment(heap: heap)
            first.owner = second
            second.owner = first
        }
        #expect(
            report.cycles.map(\.path) == [
                "Attachment.owner → Attachment", "Attachment.owner → Attachment.owner → Attachment",
            ]
        )
    }

    @Test func cyclesThatExistedBeforeTheBlockAreNotBlamedOnIt() {
        let heap = Heap()
        heap.disable()
        do {
            let old = Attachment(heap: heap)
            old.owner = old
        }
        let (_, report) = LeakCheck.run(.collectable(), in: heap) {
            _ = Parent(heap: heap)
        }
        #expect(report.isClean)
        #expect(!heap.isEnabled, "a disabled heap stays disabled")
        #expect(heap.collect() == 0, "the check's own collection freed the old cycle too")
    }

    @Test func identicalLeaksAreCountedOnce() {
        let heap = Heap()
        let cache = Cache(heap: heap)
        let (_, report) = LeakCheck.run(
            LeakCheck.Options.collectable(reportsSurvivors: true, allocationFrames: 0),
            in: heap
        ) {
            for _ in 0..<3 { _ = Fixtures.makeFamily(heap: heap) }
            for _ in 0..<5 { cache.entries.append(Attachment(heap: heap)) }
        }
        #expect(
            report.description == """
                3 leaked reference cycles created in this block, 1 distinct (a collection would free them):
                cycle 1 (×3): Parent.children[] → Child.parent → Parent
                  Parent allocation site unknown
                  Child allocation site unknown
                5 objects created in this block are still alive after a collection:
                  5 × Attachment, held by Cache.entries[]
                """
        )
        #expect(report.cycles.count == 3)
        #expect(report.survivors.count == 5)
    }

    @Test func aNestedCheckLeavesTheOuterChecksGarbageAlone() {
        let heap = Heap()
        let (inner, outer) = LeakCheck.run(LeakCheck.Options.collectable(allocationFrames: 0), in: heap) {
            _ = Fixtures.makeFamily(heap: heap)
            return LeakCheck.run(LeakCheck.Options.collectable(allocationFrames: 0), in: heap) {
                _ = Parent(heap: heap)
            }
            .report
        }
        #expect(inner.isClean)
        #expect(outer.cycles.map(\.path) == ["Parent.children[] → Child.parent → Parent"])
        #expect(heap.trackedCount == 0, "the outer check collected the cycle")
    }

    @Test func aNestedCheckDoesNotCallItsOwnUncollectedCyclesSurvivors() {
        let heap = Heap()
        let options = LeakCheck.Options.collectable(reportsSurvivors: true, allocationFrames: 0)
        let (inner, _) = LeakCheck.run(options, in: heap) {
            LeakCheck.run(options, in: heap) { _ = Fixtures.makeFamily(heap: heap) }.report
        }
        #expect(inner.cycles.count == 1)
        #expect(inner.survivors.isEmpty)
    }

    @Test(.enabled(if: AllocationTracer.isAvailable))
    func untraceableAllocationsAreReported() {
        let heap = Heap()
        let (_, report) = LeakCheck.run(.collectable(), in: heap) {
            AllocationTracer.simulateTraceFailures(1)
            let untraced = Attachment(heap: heap)
            untraced.owner = untraced
            let traced = Attachment(heap: heap)
            traced.owner = traced
        }
        #expect(report.untracedAllocationCount == 1)
        #expect(report.cycles.count == 1, "the untraced object's cycle is taken for an old one")
        #expect(!report.isClean)
        #expect(
            report.description.hasSuffix(
                "\n1 allocation in this block could not be traced (the allocation tracer ran out of memory); leaks among them are not reported"
            )
        )
    }

    @Test func survivorsAreReportedOnlyWhenAsked() {
        let heap = Heap()
        let cache = Cache(heap: heap)
        let body = { cache.entries.append(Attachment(heap: heap)) }
        #expect(LeakCheck.run(in: heap, body).report.isClean)
        let report = LeakCheck.run(
            LeakCheck.Options.collectable(reportsSurvivors: true, allocationFrames: 0),
            in: heap,
            body
        )
        .report
        #expect(
            report.description == """
                1 object created in this block is still alive after a collection:
                  Attachment, held by Cache.entries[]
                """
        )
        var outside: Attachment?
        let held = LeakCheck.run(LeakCheck.Options.collectable(reportsSurvivors: true, allocationFrames: 0), in: heap) {
            outside = Attachment(heap: heap)
        }
        #expect(held.report.survivors.map(\.heldBy) == [nil])
        #expect(held.report.description.hasSuffix("Attachment, held from outside the heap"))
        withExtendedLifetime(outside) {}
    }

    @Test func survivorsNameTheOutsideHolderNotOneInsideTheirGroup() {
        let heap = Heap()
        let cache = Cache(heap: heap)
        var local: Parent?
        let report = LeakCheck.run(LeakCheck.Options(reportsSurvivors: true, allocationFrames: 0), in: heap) {
            let entry = Attachment(heap: heap)
            entry.owner = Attachment(heap: heap)
            cache.entries.append(entry)
            let parent = Parent(heap: heap)
            let child = Child(heap: heap)
            parent.children.append(child)
            child.parent = parent
            local = parent
        }
        .report
        let heldBy = report.survivors.map { "\($0.object.typeName): \($0.heldBy ?? "outside the heap")" }
        #expect(
            heldBy == [
                "Attachment: Cache.entries[]", "Attachment: Cache.entries[] (through Attachment.owner)",
                "Parent: outside the heap", "Child: outside the heap",
            ]
        )
        withExtendedLifetime(local) {}
        local = nil
        heap.collect()
    }

    @Test func expectNoLeaksRecordsAnIssueWithTheReport() {
        let heap = Heap()
        withKnownIssue {
            expectNoLeaks(LeakCheck.Options.collectable(allocationFrames: 0), in: heap) {
                _ = Fixtures.makeFamily(heap: heap)
            }
        } matching: { issue in
            issue.comments.contains { $0.rawValue.hasPrefix("expectNoLeaks: 1 leaked reference cycle") }
        }
        let value = expectNoLeaks(in: heap) { 42 }
        #expect(value == 42)
    }

    @Test func aThrowingBlockRestoresTheHeap() {
        struct Failure: Error {}
        let heap = Heap()
        #expect(throws: Failure.self) {
            try LeakCheck.run(.collectable(), in: heap) { throw Failure() }
        }
        #expect(heap.isEnabled)
    }
}

/// The README's form: objects created without a heap inside the block, from a test (which runs
/// in a task), go to the checked heap.
@Suite(.exclusiveTracing) struct LeakCheckCurrentHeapTests {
    final class Note: GCObject {
        var next: Note?

        override func traverse(_ visit: (GCObject) -> Void) {
            if let next { visit(next) }
        }

        override func clear() { next = nil }
    }

    @Test func objectsCreatedWithoutAHeapInTheBlockAreChecked() {
        let heap = Heap()
        let (_, report) = LeakCheck.run(LeakCheck.Options.collectable(allocationFrames: 0), in: heap) {
            let note = Note()
            note.next = Note()
            note.next?.next = note
        }
        #expect(report.cycles.count == 1)
        #expect(report.cycles.first?.memberCount == 2)
        #expect(heap.trackedCount == 0, "the check collected the cycle")
    }
}
