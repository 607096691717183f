import ReclaimMacros

/// A vertex of the traced oracle graph, read back by the test from its stored properties
/// (never through `traverse`, which is what the test checks).
protocol OracleVertex: GCObject {
    /// The vertex's id in the model.
    var id: Int { get }

    /// Every strong reference the vertex holds (traced or not), read from its properties.
    func strongEdges() -> [GraphEdge]

    /// The target of a `weak`, `unowned` or `unowned(unsafe)` slot. For the unowned slots the
    /// caller must know that the target is alive (reading a dangling one traps or worse).
    func weakTarget(of slot: EdgeSlot) -> Int?
}

/// The id of any vertex of the oracle graph.
func vertexID(of object: GCObject) -> Int {
    guard let vertex = object as? any OracleVertex else {
        preconditionFailure("\(type(of: object)) is not a vertex of the oracle graph")
    }
    return vertex.id
}
