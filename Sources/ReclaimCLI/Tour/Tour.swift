/// The guided tour of `reclaim tour`: each section builds live objects, acts on them and
/// prints what the Reclaim API reports about them. Every section builds the objects it needs,
/// so each one runs on its own.
final class Tour {
    let console: Console

    init(console: Console) {
        self.console = console
    }

    func run(_ sections: [TourSection]) {
        console.title("Reclaim tour: CPython's cycle collector, live in Swift")
        console.paragraph("Every value after an arrow (→) is read from this running program.")
        for section in sections {
            console.heading("\(section.number). \(section.title) [\(section.rawValue)]")
            switch section {
            case .memory: showMemoryManagement()
            case .refcounts: showReferenceCounting()
            case .collector: showCycleCollector()
            case .automatic: showAutomaticCollection()
            case .issues: showCommonIssues()
            case .inspect: showInspection()
            case .challenge: showChallenge()
            case .why: showWhyItMatters()
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

    /// The address of `object`, in hexadecimal.
    func address(of object: AnyObject) -> String {
        "0x" + String(UInt(bitPattern: Unmanaged.passUnretained(object).toOpaque()), radix: 16)
    }
}
