import Reclaim

/// Queries over the objects a ``Heap`` tracks, after Python's objgraph: counts per type,
/// growth between two moments, objects nothing refers to, and the chains of references that
/// keep an object alive.
///
///     let heap = Heap()
///     // ... build objects with init(heap:) ...
///     ObjectGraph.mostCommonTypes(limit: 3, in: heap)
///     // [TypeCount(name: "View", count: 120), TypeCount(name: "Layer", count: 40), ...]
///     ObjectGraph.backrefChain(to: leakedView, in: heap)?.description
///     // "Window → root → View → children[] → View"
///
/// Like CPython's `gc` functions, the queries see only tracked objects (see
/// ``Heap/isTracked(_:)``); frozen objects (``Heap/freeze()``) are left out, and their
/// references count as references from outside the heap.
///
/// # Thread safety
/// A query uses the heap and its objects, so it must run in the heap's isolation domain,
/// like every other use of them (see ``Heap``).
public enum ObjectGraph {
    /// The number of tracked objects of each type, like objgraph's `typestats()`.
    ///
    /// - Parameters:
    ///   - naming: How to write the type names; ``TypeNameStyle/short`` by default.
    ///   - heap: The heap whose objects are counted.
    /// - Returns: The count of each type that has tracked objects, keyed by its name.
    /// - Complexity: O(*n*) in the number of tracked objects, plus one name per type.
    public static func typeStats(naming: TypeNameStyle = .short, in heap: Heap = .current) -> [String: Int] {
        var names = TypeNameCache(style: naming)
        return typeStats(in: heap, names: &names)
    }

    /// The `limit` types with the most tracked objects, like objgraph's
    /// `most_common_types()`.
    ///
    /// - Parameters:
    ///   - limit: The number of rows to return at most; `nil` for all. Must not be negative.
    ///   - naming: How to write the type names; ``TypeNameStyle/short`` by default.
    ///   - heap: The heap whose objects are counted.
    /// - Returns: Rows sorted by count, largest first, then by name.
    /// - Complexity: O(*n* + *t* log *t*) in the number of tracked objects *n* and types *t*.
    public static func mostCommonTypes(
        limit: Int? = 10,
        naming: TypeNameStyle = .short,
        in heap: Heap = .current
    ) -> [TypeCount] {
        checkLimit(limit, function: "mostCommonTypes")
        let rows = typeStats(naming: naming, in: heap)
            .map { TypeCount(name: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        return limit.map { Array(rows.prefix($0)) } ?? rows
    }

    /// Counts the tracked objects of `heap` per type, naming them with `names`.
    static func typeStats(in heap: Heap, names: inout TypeNameCache) -> [String: Int] {
        var counts: [String: Int] = [:]
        for object in heap.objects() {
            counts[names.name(of: object), default: 0] += 1
        }
        return counts
    }

    /// Stops the program with a message that names `function` when `limit` is negative.
    static func checkLimit(_ limit: Int?, function: String) {
        if let limit, limit < 0 {
            fatalError("ObjectGraph.\(function)(limit: \(limit)): limit must not be negative")
        }
    }
}
