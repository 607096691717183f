/// Which references a graph export follows from its start objects.
public enum GraphDirection: Sendable {
    /// What the objects refer to (their `traverse`), like objgraph's `show_refs()`.
    case referents
    /// The tracked objects that refer to them, like objgraph's `show_backrefs()`.
    case referrers
}
