import Reclaim

extension GenerationStats {
    /// Every counter on one line, with the time in whole microseconds.
    var summary: String {
        let (seconds, attoseconds) = timeSpent.components
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        return [
            "collections \(collections)",
            "collected \(collected)",
            "uncollectable \(uncollectable)",
            "candidates \(candidates)",
            "refused \(refused)",
            "time \(microseconds) µs",
        ]
        .joined(separator: ", ")
    }
}
