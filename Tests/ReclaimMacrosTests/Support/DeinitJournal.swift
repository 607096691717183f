import ReclaimMacros

/// Records which `DeinitNode`s have run their `deinit`. A plain class declared
/// `ReferenceFree`, so a `@Traced` class can store it without `@Untraced`.
final class DeinitJournal: ReferenceFree {
    private(set) var deinitialized: Set<Int> = []

    func record(_ id: Int) { deinitialized.insert(id) }
}
