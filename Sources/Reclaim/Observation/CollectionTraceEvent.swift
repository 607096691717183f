/// One step of a collection, as the collector performed it: what `reclaim explain` records to
/// show a collection phase by phase. Delivered to ``Heap/collectionTracer``.
///
/// Objects are named by `ObjectIdentifier`; every object an event names is alive when the
/// event is delivered, except in ``cleared(garbage:uncollectable:)``, delivered after the
/// collection released its references.
package enum CollectionTraceEvent {
    /// A weak reference that a collection cleared, and whether its callback runs.
    package struct ClearedWeakReference {
        /// The `WeakRef` (or other weak reference node) that was cleared.
        package var reference: ObjectIdentifier
        /// The unreachable object it referred to, or `nil` when the reference was cleared
        /// because it is unreachable itself.
        package var referent: ObjectIdentifier?
        /// Whether its callback runs, right after this event (a reference that is garbage
        /// itself, or has no callback, runs none).
        package var callbackRuns: Bool
    }

    /// Every candidate's working count was set to its retain count, read from the runtime.
    /// `counts[i]` belongs to `candidates[i]`. A collection with no candidates delivers this
    /// event, with empty arrays, and nothing else.
    case countsCopied(candidates: [ObjectIdentifier], counts: [Int])

    /// Each candidate's `traverse` ran once; every reference to another candidate lowered the
    /// target's working count. `references` lists them as indexes into the candidates of
    /// ``countsCopied(candidates:counts:)``, in the order the collector found them.
    case internalReferencesSubtracted(counts: [Int], references: [(source: Int, target: Int)])

    /// Everything reachable from a candidate with a positive working count was marked
    /// reachable; the other candidates are the garbage.
    case reachableRescued(reachable: [Bool])

    /// A working count went below zero (a `traverse` reported a reference that does not
    /// exist), so the collection keeps every candidate. When this happens in the resurrection
    /// check, the following ``resurrectionChecked(garbage:counts:resurrected:)`` lists every
    /// object as resurrected: the collector keeps them all.
    case refused(counts: [Int])

    /// Weak references to the garbage, and weak references that are garbage, were cleared.
    /// (Weak references that finalizers or callbacks create to the garbage are cleared later,
    /// without callbacks, and not reported.)
    case weakReferencesCleared([ClearedWeakReference])

    /// `finalize()` ran on these objects, in this order.
    case finalizersRan([ObjectIdentifier])

    /// The resurrection check ran the count, subtraction and rescue again on the garbage
    /// alone. `counts` are the working counts after the subtraction (a count above zero is a
    /// reference a finalizer or callback created from outside); `resurrected` left the garbage.
    /// Not delivered when no finalizer or callback ran, since nothing could have changed.
    case resurrectionChecked(garbage: [ObjectIdentifier], counts: [Int], resurrected: [ObjectIdentifier])

    /// `clear()` ran on every object in `garbage` and the collection released them; those in
    /// `uncollectable` were still referenced afterwards and went to ``Heap/garbage``.
    case cleared(garbage: [ObjectIdentifier], uncollectable: [ObjectIdentifier])

    /// With ``GC/DebugFlags/saveAll``: the garbage went to ``Heap/garbage`` uncleared.
    case saved([ObjectIdentifier])
}
