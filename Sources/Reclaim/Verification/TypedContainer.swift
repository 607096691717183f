/// A standard-library collection whose element types are known statically, so that a
/// collection of values without references (`[Double]`, `[String: Int]`) can be skipped without
/// reflecting each element.
protocol TypedContainer {
    /// The types of the values the container stores.
    static var storedTypes: [Any.Type] { get }
}

extension Array: TypedContainer {
    static var storedTypes: [Any.Type] { [Element.self] }
}

extension ContiguousArray: TypedContainer {
    static var storedTypes: [Any.Type] { [Element.self] }
}

extension ArraySlice: TypedContainer {
    static var storedTypes: [Any.Type] { [Element.self] }
}

extension Set: TypedContainer {
    static var storedTypes: [Any.Type] { [Element.self] }
}

extension Dictionary: TypedContainer {
    static var storedTypes: [Any.Type] { [Key.self, Value.self] }
}
