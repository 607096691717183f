/// The class of a vertex of the traced oracle graph.
enum VertexKind: CaseIterable {
    case plain, collection, value, anchored, deinitializing, observed
    case fixedBox, optionalBox, objectsBox
    case leaf

    /// Whether instances are tracked by the heap: every class with something to trace. `Leaf`
    /// has only plain data and an `@Untraced` reference, so `@Traced` generates no `traverse`.
    var isTracked: Bool { self != .leaf }

    /// Whether instances are `OracleNode`s, so they fit the slots typed `OracleNode`.
    var isNode: Bool {
        switch self {
        case .plain, .collection, .value, .anchored, .deinitializing, .observed: true
        case .fixedBox, .optionalBox, .objectsBox, .leaf: false
        }
    }

    /// Whether the initializer needs an older `OracleNode` (for a `let` or non-optional
    /// reference).
    var needsOlderNode: Bool { self == .anchored || self == .deinitializing || self == .fixedBox }

    /// The slots instances have.
    var slots: [EdgeSlot] {
        let node: [EdgeSlot] = [.next, .hidden, .weakPeer]
        let anchored: [EdgeSlot] = node + [.origin, .originals, .anchor, .keepsake]
        switch self {
        case .plain:
            return node
        case .collection:
            return node + [
                .list, .contiguous, .set, .dictionaryValue, .dictionaryKey, .nested, .named, .objects, .optionalList,
                .mirror, .unsafePeer,
            ]
        case .value:
            return node + [
                .pairPinned, .pairFirst, .pairItems, .linkOne, .linkTwoHead, .linkTwoTail, .linkMany,
                .routeDirect, .routeFanOut, .routePinned, .chain, .boxed,
                .tupleFirst, .tupleSecond, .callback, .left, .right, .implicit, .safePeer,
            ]
        case .anchored:
            return anchored
        case .deinitializing:
            return anchored + [.extra]
        case .observed:
            return node + [.watched, .spanLow, .spanHigh, .delegate, .payload]
        case .fixedBox:
            return [.fixedBoxValue]
        case .optionalBox:
            return [.optionalBoxValue]
        case .objectsBox:
            return [.objectsBoxValue]
        case .leaf:
            return [.pin]
        }
    }
}
