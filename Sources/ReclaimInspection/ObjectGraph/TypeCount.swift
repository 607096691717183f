/// The number of tracked objects of one type; a row of ``ObjectGraph/mostCommonTypes(limit:naming:in:)``.
public struct TypeCount: Hashable, Sendable {
    /// The type's name, written in the requested ``TypeNameStyle``.
    public var name: String
    /// The number of tracked objects of the type.
    public var count: Int

    /// Creates a row.
    public init(name: String, count: Int) {
        self.name = name
        self.count = count
    }
}
