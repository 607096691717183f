import ReclaimMacros

/// A protocol for existential properties (`any Payload`).
protocol Payload {}

/// Four words: too large for an existential's inline buffer, so an `Any` or `any Payload`
/// holding it keeps it in a box that copies of the existential share.
@Traced struct BigPayload: Payload {
    var node: AnyNode?
    var a = 0, b = 0, c = 0
}

/// An enum carrying an existential payload.
@Traced enum Carrier {
    case empty
    case value(Any)
}

/// A node whose references live in existentials.
@Traced final class AnyNode: GCObject {
    var payload: Any = 0
    var optionalPayload: Any?
    var shape: any Payload = BigPayload()
    var carrier: Carrier = .empty
}
