import Reclaim

/// What the collector did during a workload, from the change in `GC.stats`.
enum CollectorActivity {
    static func since(_ before: [GenerationStats]) -> [String: Int] {
        let after = GC.stats
        let young = after[0].collections - before[0].collections
        let youngTime = after[0].timeSpent - before[0].timeSpent
        return [
            "collections": zip(after, before).map { $0.collections - $1.collections }.reduce(0, +),
            "mean gen-0 pause µs": young == 0 ? 0 : Int((youngTime / young).seconds * 1e6),
            "collected": zip(after, before).map { $0.collected - $1.collected }.reduce(0, +),
        ]
    }
}
