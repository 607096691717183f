/// When a collection callback is called; see ``Heap/callbacks``.
public enum CollectionPhase: Sendable, Hashable {
    /// Before the collection examines any object.
    case start
    /// After the collection freed what it could, before it returns.
    case stop
}
