import ArgumentParser

/// One section of `reclaim tour`, named as on the command line.
enum TourSection: String, CaseIterable, ExpressibleByArgument {
    case refcounts
    case cycles
    case collect
    case automatic

    /// The position of the section in the full tour, starting at 1.
    var number: Int {
        (Self.allCases.firstIndex(of: self) ?? 0) + 1
    }

    /// The heading printed at the start of the section.
    var title: String {
        switch self {
        case .refcounts: "Reference counting"
        case .cycles: "Reference cycles"
        case .collect: "Collecting a cycle"
        case .automatic: "Automatic collection"
        }
    }

    /// What the section shows, in a few words.
    var summary: String {
        switch self {
        case .refcounts: "an object is freed when its reference count drops to zero"
        case .cycles: "objects that refer to each other keep their counts above zero"
        case .collect: "GC.collect() finds such unreachable cycles and frees them"
        case .automatic: "collections also run on their own as allocations pile up"
        }
    }

    /// The line that describes the section in `reclaim tour --help`.
    var helpLine: String {
        "  " + rawValue + String(repeating: " ", count: max(12 - rawValue.count, 1)) + summary
    }
}
