/// One reference cycle in a leak report: the shortest loop of references through the first
/// object allocated among its members.
public struct LeakedCycle: Sendable, Equatable {
    /// One step of the loop: an object and the property through which it refers to the next
    /// object (the last refers back to the first).
    public struct Link: Sendable, Equatable {
        /// The object.
        public var object: LeakedObject
        /// The stored property path holding the next object (`parent`, `children[]`,
        /// `pair.first`), or `nil` when reflection cannot name it.
        public var property: String?
    }

    /// The loop, starting with the member allocated first.
    public var links: [Link]

    /// How many objects are strongly connected with this loop (reachable from it and back);
    /// at least the loop's length.
    public var memberCount: Int

    /// Those objects counted by type, most common first.
    public var memberTypes: [LeakReport.TypeCount]

    /// The loop as one line: `Parent.child → Child.parent → Parent`.
    public var path: String {
        guard let first = links.first else { return "" }
        let steps = links.map { "\($0.object.typeName).\($0.property ?? "<unnamed reference>")" }
        return (steps + [first.object.typeName]).joined(separator: " → ")
    }
}
