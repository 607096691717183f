import Reclaim
import ReclaimInspection

/// objgraph's queries over every live Swift object that allocation tracing saw allocated, not
/// only tracked ones: class instances, closure contexts, boxes and collection storage, with
/// property, element and capture names on the references, read from runtime metadata.
///
/// ```swift
/// try AllocationTracer.start()
/// let before = try LiveObjectGraph.capture()
/// runTheScenario()
/// let after = try LiveObjectGraph.capture()
/// after.mostCommonTypes(limit: 5)          // [TypeCount(name: "Downloader", count: 120), ...]
/// after.growth(since: before)              // the types whose count grew
/// after.backrefChain(to: downloader)?.description
/// // "ViewController → downloader → Downloader": what keeps it alive
/// ```
///
/// A capture is a snapshot: types, references and counts are read once, with every `free` in
/// the process held while they are (see `AllocationTracer.withFreesHeld`), and the queries
/// answer from it. Objects allocated before tracing started are not listed.
///
/// # Thread safety
/// A value; capture on a thread whose objects no other thread mutates meanwhile.
public struct LiveObjectGraph: Sendable {
    /// One step of a chain of references: an object and the reference leaving it.
    public struct Link: Sendable, Hashable {
        /// The object's type (`Downloader`), or what it is (`closure context`).
        public var typeName: String
        /// The property, element or capture holding the next object (`delegate`,
        /// `handlers[2]`, `capture #0`); empty on the last link.
        public var reference: String
    }

    /// A path of references between two objects.
    public struct Chain: Sendable, Hashable, CustomStringConvertible {
        /// The objects and references, from the first object to the last.
        public var links: [Link]

        /// `ViewController → downloader → Downloader`.
        public var description: String {
            links.enumerated().map { index, link in
                index == links.count - 1 ? link.typeName : "\(link.typeName) → \(link.reference)"
            }
            .joined(separator: " → ")
        }
    }

    /// Why a capture failed.
    public enum CaptureError: Error, CustomStringConvertible {
        /// Allocation tracing is off (start it with `AllocationTracer.start()`), or unavailable
        /// in this build (AddressSanitizer and ThreadSanitizer replace malloc).
        case notTracing
        /// This platform's metadata layout is not one the walker reads (see `RuntimeProbes`).
        case unreadableMetadata

        /// What went wrong and what to do.
        public var description: String {
            switch self {
            case .notTracing:
                "LiveObjectGraph.capture(): allocation tracing is off; call AllocationTracer.start() first (it is unavailable in sanitizer builds)"
            case .unreadableMetadata:
                "LiveObjectGraph.capture(): this platform's runtime metadata is not verified, so objects cannot be read"
            }
        }
    }

    let addresses: [UInt]
    let nodeOfAddress: [UInt: Int]
    let names: [String]
    let externalCounts: [Int]
    let firstEdge: [Int]
    let edgeTargets: [Int]
    let edgeLabels: [String]

    /// The number of objects captured.
    public var count: Int { addresses.count }

    /// Captures every live Swift object allocated while tracing, with its references.
    ///
    /// - Throws: `CaptureError`.
    /// - Complexity: O(*n* + *r*) in the live traced objects and the places that may hold
    ///   references.
    public static func capture() throws(CaptureError) -> LiveObjectGraph {
        guard AllocationTracer.isTracing else { throw .notTracing }
        guard RuntimeProbes.walksObjectReferences else { throw .unreadableMetadata }
        let captured: LiveObjectGraph? = AllocationTracer.withFreesHeld {
            guard let live = AllocationTracer.liveObjects(allocatedSince: 0) else { return nil }
            let walker = ReferenceWalker(checkingReads: true)
            let graph = ReferenceGraph(walking: live.map(\.address), blockSizes: live.map(\.size), with: walker)
            return LiveObjectGraph(graph: graph, walker: walker)
        }
        guard let captured else { throw .notTracing }
        return captured
    }

    private init(graph: ReferenceGraph, walker: ReferenceWalker) {
        addresses = graph.objects.map { UInt(bitPattern: $0) }
        var index: [UInt: Int] = [:]
        for (node, address) in addresses.enumerated() { index[address] = node }
        nodeOfAddress = index
        names = graph.objects.map(walker.typeName(of:))
        externalCounts = graph.objects.indices.map(graph.externalCount(of:))
        var firstEdge = [0]
        var targets: [Int] = []
        var labels: [String] = []
        for node in graph.objects.indices {
            for (target, label) in graph.successors(of: node) {
                targets.append(target)
                labels.append(label.text)
            }
            firstEdge.append(targets.count)
        }
        self.firstEdge = firstEdge
        edgeTargets = targets
        edgeLabels = labels
    }

    /// How many objects of each type, by the names reports use (`Downloader`,
    /// `closure context`, `Array storage`).
    public func typeStats() -> [String: Int] {
        names.reduce(into: [:]) { counts, name in counts[name, default: 0] += 1 }
    }

    /// The `limit` most common types, most common first (ties by name).
    public func mostCommonTypes(limit: Int? = 10) -> [TypeCount] {
        let rows = typeStats().map { TypeCount(name: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        return limit.map { Array(rows.prefix(Swift.max(0, $0))) } ?? rows
    }

    /// The types with more objects than in `earlier`, the largest growth first.
    public func growth(since earlier: LiveObjectGraph, limit: Int? = 10) -> [TypeGrowth] {
        let before = earlier.typeStats()
        let rows = typeStats().compactMap { name, total -> TypeGrowth? in
            let delta = total - (before[name] ?? 0)
            return delta > 0 ? TypeGrowth(name: name, total: total, delta: delta) : nil
        }
        .sorted { $0.delta != $1.delta ? $0.delta > $1.delta : $0.name < $1.name }
        return limit.map { Array(rows.prefix(Swift.max(0, $0))) } ?? rows
    }

    /// The objects no captured object refers to, by type: held only from outside the traced
    /// objects (locals, globals, objects allocated before tracing), objgraph's
    /// `get_leaking_objects` (the roots of what was traced).
    public func leakingObjects() -> [TypeCount] {
        var referred = Array(repeating: false, count: count)
        for target in edgeTargets { referred[target] = true }
        var counts: [String: Int] = [:]
        for node in 0..<count where !referred[node] { counts[names[node], default: 0] += 1 }
        return counts.map { TypeCount(name: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
    }

    /// The shortest chain of references that ends at `object`, starting from an object held
    /// from outside the captured objects (a root: a local, a global, an object allocated before
    /// tracing): what keeps `object` alive. nil if `object` was not captured, or nothing held
    /// from outside reaches it (it is kept alive only by a cycle: a leak).
    ///
    /// - Complexity: O(*n* + *e*) (breadth first over the references backwards).
    public func backrefChain(to object: AnyObject, maxDepth: Int = 20) -> Chain? {
        guard let end = node(of: object) else { return nil }
        var referrers = Array(repeating: [(node: Int, edge: Int)](), count: count)
        for node in 0..<count {
            for edge in firstEdge[node]..<firstEdge[node + 1] { referrers[edgeTargets[edge]].append((node, edge)) }
        }
        var next: [Int: Int] = [end: -1]
        var edgeTo: [Int: Int] = [:]
        var frontier = [end]
        for _ in 0...Swift.max(0, maxDepth) {
            var following: [Int] = []
            for node in frontier {
                if externalCounts[node] > 0 { return chain(from: node, next: next, edgeTo: edgeTo) }
                for (referrer, edge) in referrers[node] where next[referrer] == nil {
                    next[referrer] = node
                    edgeTo[referrer] = edge
                    following.append(referrer)
                }
            }
            if following.isEmpty { return nil }
            frontier = following
        }
        return nil
    }

    /// The shortest chain of references from `start` to `end`, or nil.
    ///
    /// - Complexity: O(*n* + *e*) (breadth first).
    public func refChain(from start: AnyObject, to end: AnyObject, maxDepth: Int = 20) -> Chain? {
        guard let first = node(of: start), let last = node(of: end) else { return nil }
        var previous: [Int: (node: Int, edge: Int)] = [:]
        var frontier = [first]
        var seen: Set<Int> = [first]
        for _ in 0...Swift.max(0, maxDepth) {
            if frontier.contains(last) { break }
            var following: [Int] = []
            for node in frontier {
                for edge in firstEdge[node]..<firstEdge[node + 1] where seen.insert(edgeTargets[edge]).inserted {
                    previous[edgeTargets[edge]] = (node, edge)
                    following.append(edgeTargets[edge])
                }
            }
            frontier = following
        }
        guard first == last || previous[last] != nil else { return nil }
        var nodes = [last]
        var edges: [Int] = []
        while let step = previous[nodes[nodes.count - 1]], nodes[nodes.count - 1] != first {
            nodes.append(step.node)
            edges.append(step.edge)
        }
        nodes.reverse()
        edges.reverse()
        var links = zip(nodes, edges).map { Link(typeName: names[$0], reference: edgeLabels[$1]) }
        links.append(Link(typeName: names[last], reference: ""))
        return Chain(links: links)
    }

    /// The node of the captured object at `object`'s address.
    func node(of object: AnyObject) -> Int? {
        nodeOfAddress[UInt(bitPattern: Unmanaged.passUnretained(object).toOpaque())]
    }

    /// The chain from `start` down `next` to the end, with each reference's label.
    private func chain(from start: Int, next: [Int: Int], edgeTo: [Int: Int]) -> Chain {
        var links: [Link] = []
        var node = start
        while let following = next[node], following >= 0 {
            links.append(Link(typeName: names[node], reference: edgeTo[node].map { edgeLabels[$0] } ?? ""))
            node = following
        }
        links.append(Link(typeName: names[node], reference: ""))
        return Chain(links: links)
    }
}
