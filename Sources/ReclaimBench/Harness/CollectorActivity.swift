import Reclaim

/// What the collector did during a workload, from the change in `GC.stats`.
enum CollectorActivity {
    static func since(_ before: [GenerationStats]) -> [String: Double] {
        let after = GC.stats
        let young = after[0].collections - before[0].collections
        let youngTime = after[0].timeSpent - before[0].timeSpent
        return [
            "collections": Double(zip(after, before).map { $0.collections - $1.collections }.reduce(0, +)),
            "mean gen-0 pause µs": young == 0 ? 0 : (youngTime / young).seconds * 1e6,
            "collected": Double(zip(after, before).map { $0.collected - $1.collected }.reduce(0, +)),
            "candidates": Double(zip(after, before).map { $0.candidates - $1.candidates }.reduce(0, +)),
        ]
    }
}
