import LeakCheck
import Reclaim
import ReclaimTestSupport
import ReclaimTracing
import Testing

/// The leaks Swift developers meet every day, among plain classes and closures, reported
/// with their exact text. They need the allocation tracer to list the block's objects.
@Suite(.exclusiveTracing, .enabled(if: AllocationTracer.isAvailable))
struct PlainObjectLeakTests {
    static let noSites = LeakCheck.Options(allocationFrames: 0)

    /// Where objects escape to (their address only): in a release build, objects that provably
    /// never leave a function may be allocated on its stack, and a cycle among them is freed
    /// with the frame, so a leak test makes them escape as they would in real code.
    nonisolated(unsafe) static var escapedAddress: UnsafeMutableRawPointer?

    @inline(never)
    static func escape(_ object: AnyObject) {
        escapedAddress = Unmanaged.passUnretained(object).toOpaque()
    }

    protocol DownloadDelegate: AnyObject {
        func downloadDidFinish()
    }

    final class Downloader {
        var delegate: (any DownloadDelegate)?
        var onFinish: (() -> Void)?
        var finished = 0
        let name = "downloader"

        func start() {
            let attempt = finished + 1
            onFinish = { print(self.name, attempt) }
        }

        func startCapturingOnlySelf() {
            onFinish = { print(self.name) }
        }
    }

    final class ViewController: DownloadDelegate {
        let downloader = Downloader()
        init() { downloader.delegate = self }
        func downloadDidFinish() {}
    }

    @Test func aStrongDelegate() {
        let report = LeakCheck.run(Self.noSites) { Self.escape(ViewController()) }.report
        #expect(
            report.description == """
                1 leaked reference cycle created in this block (only the cycle keeps it alive; ARC never frees it):
                cycle 1: ViewController.downloader → Downloader.delegate → ViewController
                  ViewController allocation site unknown
                  Downloader allocation site unknown
                """
        )
        #expect(report.checkedAllObjects)
    }

    @Test func aClosureStoredOnTheObjectItCaptures() {
        let report = LeakCheck.run(Self.noSites) { Downloader().start() }.report
        #expect(
            report.description == """
                1 leaked reference cycle created in this block (only the cycle keeps it alive; ARC never frees it):
                cycle 1: Downloader.onFinish → closure context (captures self) → Downloader
                  Downloader allocation site unknown
                  closure context allocation site unknown
                """
        )
        // A closure whose only capture is `self` has no context object: `self` is its context.
        let single = LeakCheck.run(Self.noSites) { Downloader().startCapturingOnlySelf() }.report
        #expect(single.cycles.map(\.path) == ["Downloader.onFinish (closure capturing self) → Downloader"])
    }

    final class EventBus {
        var handlers: [() -> Void] = []
        var received = 0

        func subscribe() {
            handlers.append { self.received += 1 }
            handlers.append { [weak self] in self?.received += 1 }
        }
    }

    @Test func anArrayOfClosuresCapturingSelf() {
        let report = LeakCheck.run(Self.noSites) { EventBus().subscribe() }.report
        #expect(report.cycles.map(\.path) == ["EventBus.handlers[0] (closure capturing self) → EventBus"])
    }

    struct Entry {
        var owner: Library
        var title: String
    }

    final class Library {
        var entries: [Entry] = []
    }

    @Test func aStructHoldingItsOwnerInsideAnArray() {
        let report = LeakCheck.run(Self.noSites) {
            let library = Library()
            library.entries.append(Entry(owner: library, title: "Dune"))
        }
        .report
        #expect(report.cycles.map(\.path) == ["Library.entries[0].owner → Library"])
    }

    final class Registry {
        var items: [String: Any] = [:]
    }

    @Test func aRegistryOfAnyThatHoldsItsOwner() {
        let report = LeakCheck.run(Self.noSites) {
            let registry = Registry()
            registry.items["registry"] = registry
            registry.items["count"] = 3
        }
        .report
        #expect(report.cycles.map(\.path) == ["Registry.items[value] → Registry"])
    }

    final class TreeNode {
        var children: [TreeNode] = []
        var parent: TreeNode?
    }

    @Test func aTreeWithStrongParents() {
        let report = LeakCheck.run(Self.noSites) {
            let root = TreeNode()
            for _ in 0..<3 {
                let child = TreeNode()
                child.parent = root
                root.children.append(child)
            }
        }
        .report
        #expect(
            report.description == """
                1 leaked reference cycle created in this block (only the cycle keeps it alive; ARC never frees it):
                cycle 1: TreeNode.children[0] → TreeNode.parent → TreeNode
                  TreeNode allocation site unknown
                  TreeNode allocation site unknown
                  the cycle is part of a group of 5 objects referring to each other: 4 × TreeNode, 1 × array storage
                """
        )
    }

    @Test func weakAndUnownedReferencesAndFreedObjectsAreNotLeaks() {
        final class Owner {
            var onEvent: (() -> Void)?
            weak var weakSelf: Owner?
            unowned(unsafe) var unsafeSelf: Owner?
            var count = 0
        }
        var kept: Owner?
        let report = LeakCheck.run(Self.noSites) {
            let weakly = Owner()
            weakly.onEvent = { [weak weakly] in weakly?.count += 1 }
            weakly.weakSelf = weakly
            let unownedly = Owner()
            unownedly.onEvent = { [unowned unownedly] in unownedly.count += 1 }
            unownedly.unsafeSelf = unownedly
            kept = Owner()
            kept?.onEvent = { kept?.count += 1 }
        }
        .report
        #expect(report.isClean, "\(report)")
        #expect(report.checkedAllObjects)
        withExtendedLifetime(kept) {}
    }

    final class UndoManager {
        var owner: Document?
    }

    final class Document {
        var undo = UndoManager()
    }

    // Optimized code inlines the frames these sites name (and walks frame pointers that
    // release builds omit), so the exact sites are checked in debug builds.
    #if DEBUG
        @Test func allocationSitesNeverPointAtLineZero() {
            var line = 0
            let report = LeakCheck.run {
                line = #line + 1
                let document = Document()
                document.undo.owner = document
                Self.escape(document)
            }
            .report
            let sites = report.cycles.first?.links.map { $0.object.allocationSite ?? "unknown" }
            let site =
                "PlainObjectLeakTests.swift:\(line) in closure in PlainObjectLeakTests.allocationSitesNeverPointAtLineZero()"
            #expect(sites?.first == site)
            // A property's default value runs in `init()`: the site is the declaration's line,
            // never line 0 of the generated initializer.
            #expect(sites?.last?.hasSuffix(" in PlainObjectLeakTests.Document.init()") == true)
            #expect(sites?.last?.contains(":0 ") == false)
        }
    #endif

    @Test func allowedLeaksAreLeftOutAndCounted() {
        let options = LeakCheck.Options(allocationFrames: 0, allowedLeaks: [.type("EventBus")])
        let report = LeakCheck.run(options) {
            EventBus().subscribe()
            Downloader().start()
        }
        .report
        #expect(report.cycles.map(\.path) == ["Downloader.onFinish → closure context (captures self) → Downloader"])
        #expect(report.allowedCycleCount == 1)
    }

    final class LazyCache {
        nonisolated(unsafe) static var shared: LazyCache?
        var entries: [Downloader] = []
    }

    @Test func warmUpRunsFillCachesBeforeTheCheckedRun() {
        LazyCache.shared = nil
        var runs = 0
        let options = LeakCheck.Options(reportsSurvivors: true, allocationFrames: 0, warmUpIterations: 2)
        let (value, report) = LeakCheck.run(options) {
            runs += 1
            if LazyCache.shared == nil { LazyCache.shared = LazyCache() }
            return runs
        }
        #expect(value == 3)
        #expect(report.isClean)
        LazyCache.shared = nil
    }

    @Test func asyncBodiesAreChecked() async {
        let report = await LeakCheck.run(Self.noSites, in: Heap()) {
            await Task.yield()
            Downloader().start()
        }
        .report
        #expect(report.cycles.count == 1)
    }

    final class Node: GCObject {
        var next: Node?
        var onChange: (() -> Void)?

        override func traverse(_ visit: (GCObject) -> Void) {
            if let next { visit(next) }
        }

        override func clear() { next = nil }
    }

    @Test func cyclesOfAnotherHeapAreLeftToItsCollector() {
        let other = Heap()
        other.disable()
        let report = LeakCheck.run(Self.noSites, in: Heap()) {
            let first = Node(heap: other)
            first.next = Node(heap: other)
            first.next?.next = first
        }
        .report
        #expect(report.isClean, "\(report)")
        #expect(other.collect() == 2)
    }

    @Test func trackedCyclesTheCollectorFreesAreNotLeaksButHiddenOnesAre() {
        let heap = Heap()
        let (_, collectable) = LeakCheck.run(Self.noSites, in: heap) {
            let first = Node()
            first.next = Node()
            first.next?.next = first
        }
        #expect(collectable.isClean, "\(collectable)")
        let (_, hidden) = LeakCheck.run(Self.noSites, in: heap) {
            let node = Node()
            node.onChange = { node.next = nil }
        }
        #expect(hidden.cycles.map(\.path) == ["Node.onChange (closure capturing self) → Node"])
    }

    @Test func theTraitRecordsTheReportOfALeakingTest() async throws {
        let trait = LeakCheckTrait.checksForLeaks(LeakCheck.Options(allocationFrames: 0))
        let test = try #require(Test.current)
        try await withKnownIssue {
            try await trait.provideScope(for: test, testCase: Test.Case.current) {
                Downloader().start()
            }
        } matching: { issue in
            issue.comments.contains {
                $0.rawValue.contains("cycle 1: Downloader.onFinish → closure context (captures self) → Downloader")
            }
        }
    }
}

@Suite(.exclusiveTracing, .enabled(if: AllocationTracer.isAvailable), .checksForLeaks)
struct LeakCheckTraitTests {
    final class Box {
        var value = 0
    }

    @Test func aCleanTestPassesUnderTheTrait() {
        let box = Box()
        box.value += 1
        #expect(box.value == 1)
    }

    @Test func anAsyncCleanTestPassesUnderTheTrait() async {
        let box = Box()
        await Task.yield()
        #expect(box.value == 0)
    }
}
