import Reclaim
import ReclaimInspection
import ReclaimTracing

extension Tour {
    /// Section `inspect`: shallow and deep sizes, the lines that allocated the most memory
    /// (like tracemalloc), and the most common tracked types (like objgraph).
    func showInspection() {
        console.paragraph(
            """
            ReclaimInspection measures memory the way Python's tools do: sizeof is
            sys.getsizeof, deepSize is Pympler's asizeof, AllocationTracer is tracemalloc and
            ObjectGraph is objgraph.
            """
        )
        console.blank()
        showSizes()
        showTopAllocations()
    }

    /// Compares the shallow and deep size of an object holding 1000 integers.
    private func showSizes() {
        let numbers = IntList(repeating: 1, count: 1000)
        console.step(
            "let numbers = IntList(repeating: 1, count: 1000)",
            "sizeof(numbers)",
            "\(sizeof(numbers))",
            note: "the object alone: headers and a reference to the buffer"
        )
        let report = DeepSizeReport(measuring: [numbers])
        let buffer = report.byType["Array<Int>"].map { "\($0.count) buffer, \($0.bytes) bytes" } ?? "none"
        console.step("", "deepSize(numbers)", "\(deepSize(numbers))", note: "the object and its array's buffer")
        console.step("", "DeepSizeReport(measuring: [numbers]).byType[\"Array<Int>\"]", buffer)
        let list = ListObject([1, 2, 3])
        console.step("let list = ListObject([1, 2, 3])", "sizeof(list)", "\(sizeof(list))", note: "shallow, as above")
    }

    /// Traces the allocations of three statements and prints the three lines that allocated
    /// the most, then the most common tracked types while those objects are alive.
    private func showTopAllocations() {
        let isTracing = startTracing(note: nil, otherwise: "the allocation statistics are skipped")
        defer { AllocationTracer.stop() }
        let lists = (0..<500).map { _ in ListObject() }
        let numbers = [Int](repeating: 7, count: 10_000)
        let text = String(repeating: "memory ", count: 1_000)
        console.statement("let lists = (0..<500).map { _ in ListObject() }")
        console.statement("let numbers = [Int](repeating: 7, count: 10_000)")
        console.statement("let text = String(repeating: \"memory \", count: 1_000)")
        if isTracing {
            showTopLines()
        }
        let common = ObjectGraph.mostCommonTypes(limit: 3).map { "\($0.name) \($0.count)" }
        console.step("", "ObjectGraph.mostCommonTypes(limit: 3)", common.joined(separator: ", "))
        withExtendedLifetime((lists, numbers, text)) {}
    }

    /// Starts allocation tracing; prints why not when it cannot start.
    /// Starts allocation tracing and prints the statement with `note`; when the tracer cannot
    /// start (a sanitizer build), prints why and `otherwise`, and returns `false`.
    func startTracing(note: String?, otherwise: String) -> Bool {
        console.statement("try AllocationTracer.start()", note: note)
        do {
            try AllocationTracer.start()
            return true
        } catch {
            console.note("AllocationTracer.start() threw: \(error); \(otherwise)")
            return false
        }
    }

    /// Prints the three source lines whose live allocations are largest, and the traced total.
    private func showTopLines() {
        do {
            let snapshot = try AllocationTracer.snapshot()
            let top = try snapshot.statistics(groupedBy: .line).prefix(3)
            console.statement("try AllocationTracer.snapshot().statistics(groupedBy: .line).prefix(3)")
            console.output(top.map(\.description).joined(separator: "\n"))
        } catch {
            console.note("the allocation statistics are skipped: \(error)")
        }
        let traced = AllocationTracer.tracedMemory
        console.step(
            "",
            "AllocationTracer.tracedMemory",
            "(\(traced.current), \(traced.peak))",
            note: "bytes traced: current, peak"
        )
    }
}
