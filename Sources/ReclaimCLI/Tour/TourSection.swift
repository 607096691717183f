import ArgumentParser

/// One section of `reclaim tour`, named as on the command line, in the order of the ideas of
/// "Understanding Python Memory Management and Garbage Collection".
enum TourSection: String, CaseIterable, ExpressibleByArgument {
    case memory
    case refcounts
    case collector
    case automatic
    case issues
    case inspect
    case challenge
    case why

    /// The position of the section in the full tour, starting at 1.
    var number: Int {
        (Self.allCases.firstIndex(of: self) ?? 0) + 1
    }

    /// The heading printed at the start of the section.
    var title: String {
        switch self {
        case .memory: "Memory management"
        case .refcounts: "Reference counting"
        case .collector: "The cycle collector"
        case .automatic: "Automatic collection"
        case .issues: "Common memory issues"
        case .inspect: "Inspecting memory"
        case .challenge: "Practice challenge"
        case .why: "Why it matters"
        }
    }

    /// What the section shows, in a few words.
    var summary: String {
        switch self {
        case .memory: "objects are allocated on the heap and freed when no longer used"
        case .refcounts: "an object is freed when its reference count drops to zero"
        case .collector: "GC.collect() frees cycles that reference counting cannot"
        case .automatic: "collections also run on their own as allocations pile up"
        case .issues: "a leak through a long-lived cache, a cycle through a closure"
        case .inspect: "sizeof, deepSize, allocation tracing and object counts by type"
        case .challenge: "two objects that refer to each other, collected"
        case .why: "the memory a program holds with and without collection"
        }
    }

    /// The line that describes the section in `reclaim tour --help`.
    var helpLine: String {
        "  " + rawValue + String(repeating: " ", count: max(12 - rawValue.count, 1)) + summary
    }
}
