/// One reference cycle in a leak report: the shortest loop of references through the first
/// object allocated among its members.
public struct LeakedCycle: Sendable, Equatable {
    /// One step of the loop: an object and the property through which it refers to the next
    /// object (the last refers back to the first).
    public struct Link: Sendable, Equatable {
        /// The object.
        public var object: LeakedObject
        /// The stored property path holding the next object (`parent`, `children[]`,
        /// `pair.first`, `handlers[2]`), the capture for a closure context (`captures self`,
        /// `capture #1`), or `nil` when it cannot be named.
        public var property: String?
    }

    /// The loop, starting with the member allocated first.
    public var links: [Link]

    /// How many objects are strongly connected with this loop (reachable from it and back);
    /// at least the loop's length.
    public var memberCount: Int

    /// Those objects counted by type, most common first.
    public var memberTypes: [LeakReport.TypeCount]

    /// Whether the collector frees this cycle (every member is tracked and the cycle is
    /// garbage to it). Cycles that are not collectable leak for the life of the process.
    public var isCollectable = true

    /// How many objects the loop passes through, including collection storage and closure
    /// thunks that `links` folds into the property names.
    var loopLength: Int?

    /// The loop as one line: `Parent.child → Child.parent → Parent`.
    public var path: String {
        guard let first = links.first else { return "" }
        let steps = links.map { link in
            guard link.object.kind == .closureContext else {
                return "\(link.object.typeName).\(link.property ?? "<unnamed reference>")"
            }
            return link.property.map { "\(link.object.typeName) (\($0))" } ?? link.object.typeName
        }
        return (steps + [first.object.typeName]).joined(separator: " → ")
    }
}
