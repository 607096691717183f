/// What a collection's garbage needs before it is cleared, beyond `clear()` itself: learned
/// while the collection lists the garbage (each object's header is in cache then), so that
/// the disposal passes over the garbage only for what some object needs.
struct GarbageNeeds: OptionSet {
    let rawValue: UInt8

    /// Some object is a ``WeakRef`` or is weakly referenced: weak references to clear.
    static let weakReferences = GarbageNeeds(rawValue: 1 << 0)
    /// Some object's class overrides ``GCObject/finalize()``: finalizers to run.
    static let finalizers = GarbageNeeds(rawValue: 1 << 1)

    /// Adds what the garbage object at `address`, of the class whose metadata is at
    /// `metadata`, needs. `lastMetadata` and `lastFinalizes` remember the class seen last:
    /// garbage comes in runs of one class, and a hit saves the call that reads its vtable.
    @inline(__always)
    mutating func add(
        _ object: GCObject,
        at address: UnsafeMutableRawPointer,
        lastMetadata: inout UnsafeRawPointer?,
        lastFinalizes: inout Bool
    ) {
        if object.gcFlags & (GCObject.weakReferenceFlag | GCObject.weaklyReferencedFlag) != 0 {
            insert(.weakReferences)
        }
        let metadata = address.load(as: UnsafeRawPointer.self)
        if metadata != lastMetadata {
            lastMetadata = metadata
            lastFinalizes = RuntimeShims.overridesFinalize(address)
        }
        if lastFinalizes { insert(.finalizers) }
    }
}
