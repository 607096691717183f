import ReclaimMacros

/// A node whose edge properties have observers (`didSet`, `willSet`): they stay stored
/// properties, so `@Traced` traces them, and the generated `clear()` triggers the observers.
/// It also overrides the inherited `next` with an observer, which adds no storage (the
/// superclass's `traverse` reports it), and stores existentials (`AnyObject?`, `Any?`), which
/// the generated code handles at run time. `span` is a tuple with a label, traced element by
/// element.
@Traced final class ObservedNode: OracleNode {
    override var next: OracleNode? {
        didSet { changes += 1 }
    }
    var watched: OracleNode? {
        didSet { changes += 1 }
    }
    var span: (low: OracleNode?, high: [OracleNode]) = (nil, []) {
        willSet { changes += 1 }
    }
    var delegate: AnyObject?
    var payload: Any?
    var changes = 0

    override func strongEdges() -> [GraphEdge] {
        var edges = super.strongEdges()
        if let watched { edges.append(GraphEdge(slot: .watched, target: watched.id)) }
        if let low = span.low { edges.append(GraphEdge(slot: .spanLow, target: low.id)) }
        edges += span.high.map { GraphEdge(slot: .spanHigh, target: $0.id) }
        if let delegate = delegate as? GCObject {
            edges.append(GraphEdge(slot: .delegate, target: vertexID(of: delegate)))
        }
        if let payload = payload as? GCObject {
            edges.append(GraphEdge(slot: .payload, target: vertexID(of: payload)))
        }
        return edges
    }
}
