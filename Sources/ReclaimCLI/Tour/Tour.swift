/// The guided tour of `reclaim tour`: each section builds live objects, acts on them and
/// prints what the Reclaim API reports about them.
final class Tour {
    let console: Console

    /// The unreachable cycle left by the `cycles` section, for the `collect` section to free.
    var pendingCycle: WatchedCycle?

    init(console: Console) {
        self.console = console
    }

    func run(_ sections: [TourSection]) {
        console.title("Reclaim tour: CPython's cycle collector, live in Swift")
        console.paragraph("Every value after an arrow (→) is read from this running program.")
        for section in sections {
            console.heading("\(section.number). \(section.title) [\(section.rawValue)]")
            switch section {
            case .refcounts: showReferenceCounting()
            case .cycles: showCycles()
            case .collect: showCollection()
            case .automatic: showAutomaticCollection()
            }
        }
    }

    /// The signed difference between two readings, such as `+1`, `-1` or `+0`.
    func change(from old: Int, to new: Int) -> String {
        new >= old ? "+\(new - old)" : "-\(old - new)"
    }

    /// Formats a three-number tuple of the GC API the way Python prints it.
    func tuple(_ values: (Int, Int, Int)) -> String {
        "(\(values.0), \(values.1), \(values.2))"
    }
}
