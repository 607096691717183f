/// Matches leaks a check should not report: a cache that is filled on purpose, a known leak in
/// a dependency.
///
/// ```swift
/// expectNoLeaks(LeakCheck.Options(allowedLeaks: [.type("ImageCache"), .path(containing: "Session.retry")])) {
///     ...
/// }
/// ```
///
/// # Thread safety
/// `Sendable`; a custom predicate must be too.
public struct LeakFilter: Sendable {
    private let matches: @Sendable (LeakedCycle) -> Bool

    /// A filter with a custom predicate over the cycle.
    public init(_ matches: @escaping @Sendable (LeakedCycle) -> Bool) {
        self.matches = matches
    }

    /// Matches cycles with a member of the class named `typeName` (without module, as reports
    /// show it: `ImageCache`, `Box<Int>`).
    public static func type(_ typeName: String) -> LeakFilter {
        LeakFilter { cycle in
            cycle.memberTypes.contains { $0.typeName == typeName }
                || cycle.links.contains { $0.object.typeName == typeName }
        }
    }

    /// Matches cycles whose path (`Downloader.onFinish → closure context (captures self) →
    /// Downloader`) contains `text`.
    public static func path(containing text: String) -> LeakFilter {
        LeakFilter { $0.path.contains(text) }
    }

    /// Whether this filter matches `cycle`.
    public func matches(_ cycle: LeakedCycle) -> Bool {
        matches(cycle)
    }
}
