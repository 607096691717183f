/// What a leak check found: the unreachable reference cycles a block left behind and,
/// optionally, the objects it created that are still alive.
///
/// Its `description` is the text a failing ``expectNoLeaks(_:in:fileID:filePath:line:column:_:)``
/// prints:
///
/// ```text
/// 1 leaked reference cycle created in this block (a collection would free it):
/// cycle 1: Parent.child → Child.parent → Parent
///   Parent allocated at ParentTests.swift:12 in ParentTests.makeFamily()
///   Child allocated at ParentTests.swift:13 in ParentTests.makeFamily()
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
        /// The tracked object and property that hold it (`Cache.entries[]`), or `nil` when
        /// only references from outside the heap (globals, locals, untracked objects) do.
        public var heldBy: String?
    }

    /// The unreachable cycles that contain an object created in the block.
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

    /// Whether nothing was found and nothing was missed.
    public var isClean: Bool { cycles.isEmpty && survivors.isEmpty && untracedAllocationCount == 0 }

    /// The report as text: each cycle's path and allocation sites, what the cycles keep alive,
    /// and the survivors; `no leaks` when clean.
    public var description: String {
        var lines: [String] = []
        if !cycles.isEmpty {
            let noun = cycles.count == 1 ? "reference cycle" : "reference cycles"
            let pronoun = cycles.count == 1 ? "it" : "them"
            let blocks = cycles.map { cycle in
                var block = [cycle.path]
                for link in cycle.links {
                    let site = link.object.allocationSite.map { "allocated at \($0)" } ?? "allocation site unknown"
                    block.append("  \(link.object.typeName) \(site)")
                }
                if cycle.memberCount > cycle.links.count {
                    let members = cycle.memberTypes.map { "\($0.count) × \($0.typeName)" }.joined(separator: ", ")
                    block.append(
                        "  the cycle is part of a group of \(cycle.memberCount) objects referring to each other: \(members)"
                    )
                }
                return block.joined(separator: "\n")
            }
            let groups = Self.counted(blocks)
            let distinct = groups.count < cycles.count ? ", \(groups.count) distinct" : ""
            lines.append(
                "\(cycles.count) leaked \(noun) created in this block\(distinct) (a collection would free \(pronoun)):"
            )
            for (number, (block, count)) in groups.enumerated() {
                let repeats = count > 1 ? " (×\(count))" : ""
                lines.append("cycle \(number + 1)\(repeats): \(block)")
            }
            if !objectsKeptAliveByCycles.isEmpty {
                let kept = objectsKeptAliveByCycles.map { "\($0.count) × \($0.typeName)" }.joined(separator: ", ")
                lines.append("kept alive only by these cycles: \(kept)")
            }
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

    /// The distinct lines in first-seen order, each with how many times it occurs, so a
    /// thousand identical leaks read as one entry.
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
