import ReclaimMacros

/// A node whose edges live in standard collections: an array, a contiguous array, a set, the
/// values and the keys of dictionaries, nested arrays, a dictionary of arrays of optionals, an
/// array of any `GCObject` (boxes and untracked leaves too), an optional array and a dictionary
/// from nodes to nodes (each entry maps its target to itself: two references). Also an
/// `unowned(unsafe)` reference, which `@Traced` must skip (tracing it could read a freed
/// object).
@Traced final class CollectionNode: OracleNode {
    var list: [OracleNode] = []
    var contiguous: ContiguousArray<OracleNode> = []
    var set: Set<OracleNode> = []
    var byNumber: [Int: OracleNode] = [:]
    var keyed: [OracleNode: Int] = [:]
    var nested: [[OracleNode]] = []
    var named: [String: [OracleNode?]] = [:]
    var objects: [GCObject] = []
    var optionalList: [OracleNode]?
    var mirrors: [OracleNode: OracleNode] = [:]
    unowned(unsafe) var unsafePeer: OracleNode?
    var label = "collection"
    var counts: [Int] = []

    override func strongEdges() -> [GraphEdge] {
        var edges = super.strongEdges()
        edges += list.map { GraphEdge(slot: .list, target: $0.id) }
        edges += contiguous.map { GraphEdge(slot: .contiguous, target: $0.id) }
        edges += set.map { GraphEdge(slot: .set, target: $0.id) }
        edges += byNumber.values.map { GraphEdge(slot: .dictionaryValue, target: $0.id) }
        edges += keyed.keys.map { GraphEdge(slot: .dictionaryKey, target: $0.id) }
        edges += nested.joined().map { GraphEdge(slot: .nested, target: $0.id) }
        edges += named.values.joined().compactMap { $0.map { GraphEdge(slot: .named, target: $0.id) } }
        edges += objects.map { GraphEdge(slot: .objects, target: vertexID(of: $0)) }
        edges += (optionalList ?? []).map { GraphEdge(slot: .optionalList, target: $0.id) }
        for (key, value) in mirrors {
            edges += [GraphEdge(slot: .mirror, target: key.id), GraphEdge(slot: .mirror, target: value.id)]
        }
        return edges
    }

    override func weakTarget(of slot: EdgeSlot) -> Int? {
        slot == .unsafePeer ? unsafePeer?.id : super.weakTarget(of: slot)
    }
}
