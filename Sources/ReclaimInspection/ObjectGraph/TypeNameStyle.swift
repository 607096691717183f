/// How the inspection tools write type names.
public enum TypeNameStyle: Sendable {
    /// The type's name without its module: `Node`, `Box<Int>`.
    case short
    /// The name qualified with its module: `MyApp.Node`, `MyApp.Box<Swift.Int>`.
    case qualified
}
