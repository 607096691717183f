/// Records which test objects were cleared by the collector and which were freed, by id.
///
/// A plain (untracked) class: references to it are invisible to the collector and it holds
/// no `GCObject`, so it never influences what the collector sees.
final class LifeRecord {
    private(set) var freed: Set<Int> = []
    private(set) var cleared: Set<Int> = []

    func recordFreed(_ id: Int) { freed.insert(id) }
    func recordCleared(_ id: Int) { cleared.insert(id) }
    func isAlive(_ id: Int) -> Bool { !freed.contains(id) }
}
