/// Where an edge of the traced oracle graph is stored, and what the collector can do with it.
///
/// The oracle model knows nothing about `@Traced`: this table is its whole knowledge of the
/// node classes, written from the declarations (see each class), never from `traverse`.
enum EdgeSlot: Int, CaseIterable, Comparable {
    // OracleNode (every node class inherits these)
    case next, hidden, weakPeer
    // CollectionNode
    case list, contiguous, set, dictionaryValue, dictionaryKey, nested, named, objects, optionalList, mirror
    case unsafePeer
    // ValueNode
    case pairPinned, pairFirst, pairItems, linkOne, linkTwoHead, linkTwoTail, linkMany
    case routeDirect, routeFanOut, routePinned, chain, boxed
    case tupleFirst, tupleSecond, callback, left, right, implicit, safePeer
    // AnchoredNode (and DeinitNode, its subclass)
    case origin, originals, anchor, keepsake
    // DeinitNode
    case extra
    // ObservedNode
    case watched, spanLow, spanHigh, delegate, payload
    // Box<OracleNode>, Box<OracleNode?>, Box<[GCObject]>
    case fixedBoxValue, optionalBoxValue, objectsBoxValue
    // Leaf
    case pin

    /// What a reference stored in the slot is, for ARC and for the collector.
    enum Strength {
        /// Strong, reported by `traverse` and dropped by `clear()`; this includes the payloads
        /// of an enum with a payload-less case (clearing switches to it), the links of an
        /// `indirect` enum, and a large struct in an `Any` (cleared and boxed anew).
        case clearable
        /// Strong and reported by `traverse`, but the generated `clear()` cannot drop it: a
        /// `let`, a non-optional reference (`var anchor: OracleNode`), a non-optional payload
        /// of an enum without a payload-less case, or a `Box<OracleNode>` (its run-time clear
        /// finds a plain reference).
        case fixed
        /// Strong, but `@Untraced`: invisible to the collector, never cleared.
        case untraced
        /// `weak`, `unowned` or `unowned(unsafe)`: not a strong reference at all.
        case weak
    }

    var strength: Strength {
        switch self {
        case .hidden, .pin: .untraced
        case .weakPeer, .unsafePeer, .safePeer: .weak
        case .pairPinned, .routePinned, .origin, .originals, .anchor, .keepsake, .fixedBoxValue: .fixed
        default: .clearable
        }
    }

    /// Whether the slot holds a strong reference (ARC counts it).
    var isStrong: Bool { strength != .weak }

    /// Whether `traverse` reports the slot's references.
    var isTraced: Bool { strength == .clearable || strength == .fixed }

    /// Whether the slot holds any number of references (adding one appends); the others hold
    /// at most one (adding one replaces the previous).
    var isMultiValued: Bool {
        switch self {
        case .list, .contiguous, .set, .dictionaryValue, .dictionaryKey, .nested, .named, .objects, .optionalList,
            .mirror, .pairItems, .linkMany, .routeFanOut, .chain, .boxed, .originals, .extra, .spanHigh,
            .objectsBoxValue:
            true
        default:
            false
        }
    }

    /// Whether the slot holds each target at most once (a set, dictionary keys).
    var isUnique: Bool { self == .set || self == .dictionaryKey || self == .mirror }

    /// Whether the slot accepts any vertex (`GCObject`), not only `OracleNode`s.
    var acceptsAnyVertex: Bool {
        switch self {
        case .objects, .objectsBoxValue, .keepsake, .delegate, .payload: true
        default: false
        }
    }

    /// Whether the slot is a `let` filled by the initializer, so its targets are always older
    /// vertices: these edges alone can never close a cycle.
    var isSetAtInitialization: Bool {
        self == .pairPinned || self == .origin || self == .originals || self == .keepsake
    }

    /// The slots of the enum `link` (`NodeLink`), which holds one case at a time.
    static let linkSlots: Set<EdgeSlot> = [.linkOne, .linkTwoHead, .linkTwoTail, .linkMany]

    /// The slots of the enum `route` (`NodeRoute`), which holds one case at a time.
    static let routeSlots: Set<EdgeSlot> = [.routeDirect, .routeFanOut, .routePinned]

    /// The slots whose value can be copied from one vertex to another or into a local: the
    /// copies share the value's storage (the boxes of the chain's links, the box of the `Any`,
    /// a collection's buffer). `traverse` passes the collections of `CollectionNode` and
    /// `DeinitNode` (final classes) `inout`, and reads `ObservedNode.span` (which has an
    /// observer) by value.
    static let sharedValueSlots: [EdgeSlot] = [
        .chain, .boxed, .list, .set, .dictionaryValue, .optionalList, .extra, .spanHigh,
    ]

    static func < (lhs: EdgeSlot, rhs: EdgeSlot) -> Bool { lhs.rawValue < rhs.rawValue }
}
