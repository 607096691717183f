/// The phases of a recorded collection, in order, named as `--phase` and the page name them.
enum ExplainPhase: String, CaseIterable {
    case graph
    case countsCopied = "counts-copied"
    case internalSubtracted = "internal-subtracted"
    case reachableRescued = "reachable-rescued"
    case weakCleared = "weak-cleared"
    case finalizers
    case resurrection
    case clear
}
