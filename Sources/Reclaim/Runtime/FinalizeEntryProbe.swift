/// Two `GCObject` subclasses whose class metadata `RuntimeShims.locateFinalizeEntry` compares
/// with `GCObject`'s to find the v-table entry of ``GCObject/finalize()``. Never instantiated.
enum FinalizeEntryProbe {
    final class Overriding: GCObject {
        override func finalize() {}
    }

    final class Inheriting: GCObject {}

    /// Records the entry's offset for `RuntimeShims.overridesFinalize`; called once, before
    /// the first object is tracked.
    static func locateEntry() {
        RuntimeShims.locateFinalizeEntry(base: GCObject.self, overriding: Overriding.self, inheriting: Inheriting.self)
    }
}
