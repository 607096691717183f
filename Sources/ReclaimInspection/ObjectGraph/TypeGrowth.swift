/// A type whose number of tracked objects exceeded its previous peak; a row of
/// ``TypeGrowthTracker/growth(limit:in:)``.
public struct TypeGrowth: Hashable, Sendable {
    /// The type's name, written in the tracker's ``TypeNameStyle``.
    public var name: String
    /// The number of tracked objects of the type now.
    public var total: Int
    /// How far `total` exceeds the peak seen before.
    public var delta: Int

    /// Creates a row.
    public init(name: String, total: Int, delta: Int) {
        self.name = name
        self.total = total
        self.delta = delta
    }
}
