/// `GCObject` subclasses whose class metadata `RuntimeShims.locateVTableEntry` compares with
/// `GCObject`'s to find the v-table entries of ``GCObject/finalize()`` and
/// ``GCObject/traverse(_:)``. Never instantiated.
enum VTableProbe {
    final class OverridingFinalize: GCObject {
        override func finalize() {}
    }

    final class OverridingTraverse: GCObject {
        override func traverse(_ visit: (GCObject) -> Void) {}
    }

    final class Inheriting: GCObject {}

    /// Records both entries for `RuntimeShims.overridesFinalize` and
    /// `RuntimeShims.overridesTraverse`; called once, by `RuntimeProbes`, before the first
    /// object is tracked. Returns which entries were found: an entry not found makes every
    /// class count as overriding the method (correct, but slower), which `RuntimeProbes`
    /// reports.
    static func locateEntries() -> (finalize: Bool, traverse: Bool) {
        var found = (finalize: false, traverse: false)
        if let finalize = RuntimeShims.locateVTableEntry(
            base: GCObject.self,
            overriding: OverridingFinalize.self,
            inheriting: Inheriting.self
        ) {
            RuntimeShims.setFinalizeEntry(offset: finalize.offset, baseEntry: finalize.baseEntry)
            found.finalize = true
        }
        if let traverse = RuntimeShims.locateVTableEntry(
            base: GCObject.self,
            overriding: OverridingTraverse.self,
            inheriting: Inheriting.self
        ) {
            RuntimeShims.setTraverseEntry(offset: traverse.offset, baseEntry: traverse.baseEntry)
            found.traverse = true
        }
        return found
    }
}
