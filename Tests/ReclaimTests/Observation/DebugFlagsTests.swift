import Reclaim
import Testing

/// `debugFlags` output through swift-log and `saveAll`, the leak-hunting workflow.
@Suite struct DebugFlagsTests {
    private func makeHeap(_ capture: LogCapture) -> Heap {
        let heap = Heap()
        heap.disable()
        heap._checksInvariantsAfterEachCollection = true
        heap.logger = capture.logger()
        return heap
    }

    private func makeCycle(in heap: Heap) -> (String, String) {
        let a = LinkNode(heap: heap)
        let b = LinkNode(heap: heap)
        a.next = b
        b.next = a
        return (Heap.describeForTest(a), Heap.describeForTest(b))
    }

    @Test func statsLogsTheStartAndTheResultOfEachCollection() {
        let capture = LogCapture()
        let heap = makeHeap(capture)
        heap.debugFlags = .stats
        let keep = LinkNode(heap: heap)
        _ = makeCycle(in: heap)
        heap.collect(generation: 0)
        let lines = capture.lines
        #expect(lines.count == 4, "\(lines)")
        #expect(lines[0] == "info: gc: collecting generation 0...")
        #expect(lines[1] == "info: gc: objects in each generation: 3 0 0")
        #expect(lines[2] == "info: gc: objects in permanent generation: 0")
        #expect(lines[3].hasPrefix("info: gc: done, 2 unreachable, 0 uncollectable, 0."), "\(lines[3])")
        #expect(lines[3].hasSuffix("s elapsed"))
        withExtendedLifetime(keep) {}
    }

    @Test func collectableNamesEachUnreachableObjectWithItsTypeAndGeneration() {
        let capture = LogCapture()
        let heap = makeHeap(capture)
        heap.debugFlags = .collectable
        let (a, b) = makeCycle(in: heap)
        #expect(heap.collect() == 2)
        #expect(
            Set(capture.lines) == [
                "info: gc: collectable \(a) (generation 2)", "info: gc: collectable \(b) (generation 2)",
            ]
        )
        #expect(a.hasPrefix("<LinkNode 0x"))
    }

    @Test func uncollectableNamesObjectsThatSurviveTheirClear() {
        let capture = LogCapture()
        let heap = makeHeap(capture)
        heap.debugFlags = .uncollectable
        var described = ""
        do {
            let a = StubbornNode(heap: heap)
            a.next = a
            described = Heap.describeForTest(a)
        }
        #expect(heap.collect() == 1)
        #expect(heap.stats[2].uncollectable == 1)
        #expect(capture.lines.first == "info: gc: uncollectable \(described) (generation 2)")
        #expect(capture.lines.count == 2, "the uncollectable object is also reported without the debug flag")
        #expect(heap.garbage.count == 1)
        (heap.garbage[0] as? StubbornNode)?.next = nil
        heap.garbage.removeAll()
        #expect(heap.trackedCount == 0)
    }

    @Test func saveAllKeepsTheGarbageUntilTheProgramLetsGo() {
        let capture = LogCapture()
        let heap = makeHeap(capture)
        heap.debugFlags = .leak
        var freed = 0
        do {
            let a = HookNode(heap: heap)
            let b = StubbornNode(heap: heap)
            a.next = b
            b.next = a
            b.onDeinit = { freed += 1 }
        }
        #expect(heap.collect() == 2, "found and reported, as CPython counts saved objects")
        #expect(heap.stats[2].collected == 2)
        #expect(heap.garbage.count == 2)
        #expect(freed == 0)
        #expect((heap.garbage.first { $0 is HookNode } as? HookNode)?.next != nil, "nothing was cleared")
        #expect(capture.lines.filter { $0.contains("collectable <") }.count == 2)
        #expect(heap.collect() == 0, "saved objects are reachable")

        // Found the leak: let go and collect normally.
        heap.debugFlags = []
        heap.garbage.removeAll()
        #expect(heap.collect() == 2)
        #expect(freed == 1)
        #expect(heap.garbage.isEmpty, "a's clear() broke the cycle, so the stubborn node went too")
    }

    @Test func saveAllStillClearsWeakReferencesAndRunsFinalizers() {
        let capture = LogCapture()
        let heap = makeHeap(capture)
        heap.debugFlags = .saveAll
        let journal = Journal()
        var reference: WeakRef<Phoenix>?
        do {
            let a = Phoenix("a", heap: heap, journal: journal)
            a.next = a
            reference = WeakRef(a)
        }
        #expect(heap.collect() == 1)
        #expect(reference?.object == nil)
        #expect(journal.events == ["finalize a"])
        #expect(heap.garbage.count == 1)
    }

    @Test func theNamespaceUsesTheThreadsDefaultHeap() {
        onFreshThread {
            let capture = LogCapture()
            GC.logger = capture.logger()
            GC.debugFlags = .leak
            #expect(GC.debugFlags == [.collectable, .uncollectable, .saveAll])
            do {
                let a = LinkNode()
                a.next = a
            }
            #expect(GC.collect() == 1)
            #expect(GC.garbage.count == 1)
            GC.debugFlags = []
            GC.garbage.removeAll()
            #expect(GC.collect() == 1)
            #expect(capture.lines.count == 1)
        }
    }
}

extension Heap {
    /// CPython's `<Type 0x…>` form, as the debug output writes it.
    static func describeForTest(_ object: GCObject) -> String {
        let digits = String(UInt(bitPattern: Unmanaged.passUnretained(object).toOpaque()), radix: 16)
        return "<\(type(of: object)) 0x\(String(repeating: "0", count: 16 - digits.count))\(digits)>"
    }
}
