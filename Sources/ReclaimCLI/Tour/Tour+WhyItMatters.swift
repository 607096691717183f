import Reclaim
import ReclaimInspection
import ReclaimTracing

extension Tour {
    /// The bytes of the payload buffer of each node in the loop.
    private static let payloadBytes = 256

    /// Section `why`: the same loop of garbage cycles, run with automatic collection off and
    /// on, and the objects and traced bytes each run leaves alive.
    func showWhyItMatters() {
        console.paragraph(
            """
            Memory that garbage cycles hold is memory the program cannot use: long-running
            servers, data pipelines and loops that build many objects grow until the cycles
            are collected. The same loop makes two-node cycles with a \(Self.payloadBytes)-byte payload
            each, first with automatic collection off, then on.
            """
        )
        console.blank()
        let cycles = 25_000
        let isTracing = startTracing(note: "to read the bytes held", otherwise: "only objects are counted")
        defer { AllocationTracer.stop() }
        GC.disable()
        console.statement("GC.disable()")
        let kept = runCycleLoop(cycles, label: "collection off", isTracing: isTracing)
        let freed = GC.collect()
        console.step("GC.collect()", "freed", "\(freed)", note: "what the loop left behind")
        GC.enable()
        console.statement("GC.enable()")
        let bounded = runCycleLoop(cycles, label: "collection on", isTracing: isTracing)
        if isTracing, bounded.bytes > 0 {
            let tenths = kept.bytes * 10 / bounded.bytes
            console.step(
                "",
                "bytes held off ÷ on",
                "\(tenths / 10).\(tenths % 10)",
                note: "times as much memory held without collection"
            )
        }
        console.step("GC.collect()", "freed", "\(GC.collect())", note: "the rest of the garbage")
    }

    /// Makes `cycles` garbage cycles and prints the objects and traced bytes left alive.
    private func runCycleLoop(_ cycles: Int, label: String, isTracing: Bool) -> (objects: Int, bytes: Int) {
        let objectsBefore = Heap.current.trackedCount
        let collectionsBefore = GC.stats.map(\.collections).reduce(0, +)
        let bytesBefore = AllocationTracer.tracedMemory.current
        AllocationTracer.resetPeak()
        console.withProgress("making \(cycles) cycles, \(label)", total: cycles) { progress in
            makePayloadCycles(cycles, progress: progress)
        }
        let objects = Heap.current.trackedCount - objectsBefore
        let collections = GC.stats.map(\.collections).reduce(0, +) - collectionsBefore
        console.step("makePayloadCycles(\(cycles))", "objects alive", "\(objects)", note: "tracked PayloadNodes")
        console.step("", "collections", "\(collections)", note: "automatic ones during the loop")
        guard isTracing else {
            return (objects, 0)
        }
        let traced = AllocationTracer.tracedMemory
        let bytes = traced.current - bytesBefore
        console.step("", "bytes held", "\(bytes)", note: "AllocationTracer.tracedMemory.current, minus before")
        console.step("", "peak bytes", "\(traced.peak - bytesBefore)", note: "tracedMemory.peak during the loop")
        return (objects, bytes)
    }

    /// Makes `count` unreachable cycles of two nodes with a payload of ``payloadBytes`` each.
    private func makePayloadCycles(_ count: Int, progress: ProgressIndicator) {
        for index in 0..<count {
            let first = PayloadNode(payloadBytes: Self.payloadBytes)
            let second = PayloadNode(payloadBytes: Self.payloadBytes)
            first.partner = second
            second.partner = first
            progress.advance(to: index + 1)
        }
    }
}
