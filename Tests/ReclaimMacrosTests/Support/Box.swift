import ReclaimMacros

/// A generic `@Traced` class whose property's type is an unconstrained generic parameter, so
/// the generated code decides at run time what the value holds. The oracle uses
/// `Box<OracleNode>` (a plain reference: traced, not clearable), `Box<OracleNode?>` (cleared
/// to `nil`) and `Box<[GCObject]>` (emptied).
@Traced final class Box<T>: GCObject {
    let id: Int
    var value: T

    init(id: Int, value: T, heap: Heap) {
        self.id = id
        self.value = value
        super.init(heap: heap)
    }
}

extension Box: OracleVertex {
    func strongEdges() -> [GraphEdge] {
        switch value {
        case let node as OracleNode:
            return [GraphEdge(slot: T.self == OracleNode.self ? .fixedBoxValue : .optionalBoxValue, target: node.id)]
        case let objects as [GCObject]:
            return objects.map { GraphEdge(slot: .objectsBoxValue, target: vertexID(of: $0)) }
        default:
            return []
        }
    }

    func weakTarget(of slot: EdgeSlot) -> Int? { nil }
}
