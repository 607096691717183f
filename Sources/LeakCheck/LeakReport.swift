/// What a leak check found: the reference cycles a block left behind that nothing outside
/// refers to and, optionally, the objects it created that are still alive.
///
/// Its `description` is the text a failing ``expectNoLeaks(_:in:fileID:filePath:line:column:_:)``
/// prints:
///
/// ```text
/// 1 leaked reference cycle created in this block (only the cycle keeps it alive; ARC never frees it):
/// cycle 1: Downloader.onFinish → closure context (captures self) → Downloader
///   Downloader allocated at DownloaderTests.swift:12 in DownloaderTests.start()
///   closure context allocated at Downloader.swift:30 in Downloader.start()
/// ```
public struct LeakReport: Sendable, Equatable, CustomStringConvertible {
    /// A number of objects of one type.
    public struct TypeCount: Sendable, Equatable {
        /// The class name.
        public var typeName: String
        /// How many objects.
        public var count: Int

        /// `counts` as rows, the most common type first, then by name.
        static func mostCommonFirst(_ counts: [String: Int]) -> [TypeCount] {
            counts.map { TypeCount(typeName: $0.key, count: $0.value) }
                .sorted { ($0.count, $1.typeName) > ($1.count, $0.typeName) }
        }
    }

    /// An object created in the block that was still alive after a collection.
    public struct Survivor: Sendable, Equatable {
        /// The object.
        public var object: LeakedObject
        /// The tracked object outside the block and the property that hold it
        /// (`Cache.entries[]`), with the objects created in the block it is held through
        /// (`Cache.entries[] (through Parent.children[])`); `nil` when only references from
        /// outside the heap (globals, locals, untracked objects) do.
        public var heldBy: String?
    }

    /// The cycles that contain an object created in the block and that nothing outside the
    /// cycle refers to: first those ARC never frees, then (with
    /// ``LeakCheck/Options/reportsCollectableCycles``) those a collection frees.
    public internal(set) var cycles: [LeakedCycle] = []

    /// Objects created in the block that are unreachable but in no cycle: kept alive only by
    /// the cycles, counted by type.
    public internal(set) var objectsKeptAliveByCycles: [TypeCount] = []

    /// With ``LeakCheck/Options/reportsSurvivors``, the objects created in the block that a
    /// collection did not free.
    public internal(set) var survivors: [Survivor] = []

    /// How many allocations made while the block ran could not be traced because the
    /// allocation tracer ran out of memory (see `AllocationTracer.droppedTraceCount`). Objects
    /// among them count as older than the block, so leaks among them are missing from the
    /// report; when this is not 0 the report says so and is not clean.
    public internal(set) var untracedAllocationCount = 0

    /// Whether every Swift object the block created was checked (plain classes, closure
    /// contexts, boxes, collection storage), not only tracked objects: false without the
    /// allocation tracer (AddressSanitizer and ThreadSanitizer builds) or with
    /// ``LeakCheck/Options/checksAllObjects`` off.
    public internal(set) var checkedAllObjects = false

    /// How many cycles ``LeakCheck/Options/allowedLeaks`` left out.
    public internal(set) var allowedCycleCount = 0

    /// Whether nothing was found and nothing was missed.
    public var isClean: Bool { cycles.isEmpty && survivors.isEmpty && untracedAllocationCount == 0 }

    /// The report as text: each cycle's path and allocation sites, what the cycles keep alive,
    /// and the survivors; `no leaks` when clean.
    public var description: String {
        var lines: [String] = []
        var number = 0
        let neverFreed = cycles.filter { !$0.isCollectable }
        if !neverFreed.isEmpty {
            lines += Self.describe(
                neverFreed,
                reason: neverFreed.count == 1
                    ? "only the cycle keeps it alive; ARC never frees it"
                    : "only the cycles keep them alive; ARC never frees them",
                numberingFrom: &number
            )
        }
        let collectable = cycles.filter(\.isCollectable)
        if !collectable.isEmpty {
            lines += Self.describe(
                collectable,
                reason: collectable.count == 1 ? "a collection would free it" : "a collection would free them",
                numberingFrom: &number
            )
        }
        if !cycles.isEmpty, !objectsKeptAliveByCycles.isEmpty {
            let kept = objectsKeptAliveByCycles.map { "\($0.count) × \($0.typeName)" }.joined(separator: ", ")
            lines.append("kept alive only by these cycles: \(kept)")
        }
        if !survivors.isEmpty {
            let noun = survivors.count == 1 ? "object" : "objects"
            let verb = survivors.count == 1 ? "is" : "are"
            lines.append("\(survivors.count) \(noun) created in this block \(verb) still alive after a collection:")
            let entries = survivors.map { survivor in
                let site = survivor.object.allocationSite.map { " allocated at \($0)" } ?? ""
                let holder = survivor.heldBy.map { "held by \($0)" } ?? "held from outside the heap"
                return "\(survivor.object.typeName)\(site), \(holder)"
            }
            for (entry, count) in Self.counted(entries) {
                lines.append("  " + (count > 1 ? "\(count) × " : "") + entry)
            }
        }
        if untracedAllocationCount > 0 {
            let noun = untracedAllocationCount == 1 ? "allocation" : "allocations"
            lines.append(
                "\(untracedAllocationCount) \(noun) in this block could not be traced (the allocation tracer ran out of memory); leaks among them are not reported"
            )
        }
        return lines.isEmpty ? "no leaks" : lines.joined(separator: "\n")
    }

    /// The lines for `cycles`, one header with `reason`, then each distinct cycle numbered on
    /// from `number`.
    private static func describe(_ cycles: [LeakedCycle], reason: String, numberingFrom number: inout Int) -> [String] {
        let noun = cycles.count == 1 ? "reference cycle" : "reference cycles"
        let blocks = cycles.map { cycle in
            var block = [cycle.path]
            for link in cycle.links {
                let site = link.object.allocationSite.map { "allocated at \($0)" } ?? "allocation site unknown"
                block.append("  \(link.object.typeName) \(site)")
            }
            if cycle.memberCount > (cycle.loopLength ?? cycle.links.count) {
                let members = cycle.memberTypes.map { "\($0.count) × \($0.typeName)" }.joined(separator: ", ")
                block.append(
                    "  the cycle is part of a group of \(cycle.memberCount) objects referring to each other: \(members)"
                )
            }
            return block.joined(separator: "\n")
        }
        let groups = counted(blocks)
        let distinct = groups.count < cycles.count ? ", \(groups.count) distinct" : ""
        var lines = ["\(cycles.count) leaked \(noun) created in this block\(distinct) (\(reason)):"]
        for (block, count) in groups {
            number += 1
            let repeats = count > 1 ? " (×\(count))" : ""
            lines.append("cycle \(number)\(repeats): \(block)")
        }
        return lines
    }

    private static func counted(_ lines: [String]) -> [(String, Int)] {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for line in lines {
            if counts[line] == nil { order.append(line) }
            counts[line, default: 0] += 1
        }
        return order.map { ($0, counts[$0] ?? 0) }
    }
}
