/// The encoding of ``GCObject``'s 32-bit slot word: where the object sits in its heap.
///
/// | bits  | meaning                                                              |
/// |-------|----------------------------------------------------------------------|
/// | 0–27  | index in the generation's ``ObjectList`` (or in the garbage list)    |
/// | 28–29 | generation: 0, 1, 2, or 3 for the permanent (frozen) generation      |
/// | 30    | `garbage`: found unreachable, held by a collection while it clears   |
/// | 31    | `clearSurvivor`: unreachable, but still referenced after `clear()`   |
///
/// Together with the 32-bit heap identifier this is the object's whole collector header:
/// 8 bytes per object. The collector tests membership of the set being collected with one
/// compare of bits 28–31 against the generation number.
enum SlotWord {
    static let indexBits: UInt32 = 28
    static let indexMask: UInt32 = (1 << indexBits) - 1
    /// The largest number of slots one generation list may use.
    static let maximumIndex = Int(indexMask)
    static let permanentGeneration = 3
    static let garbageFlag: UInt32 = 1 << 30
    static let clearSurvivorFlag: UInt32 = 1 << 31

    @inline(__always)
    static func make(index: Int, generation: Int) -> UInt32 {
        precondition(
            index <= maximumIndex,
            "Reclaim: a generation holds at most \(maximumIndex + 1) objects; this heap is full"
        )
        return UInt32(truncatingIfNeeded: index) | (UInt32(truncatingIfNeeded: generation) << indexBits)
    }

    @inline(__always)
    static func index(_ word: UInt32) -> Int { Int(word & indexMask) }

    @inline(__always)
    static func generation(_ word: UInt32) -> Int { Int((word >> indexBits) & 3) }

    /// Bits 28–31: equal to `n` exactly when the object is in generation `n` with no flag set.
    @inline(__always)
    static func tag(_ word: UInt32) -> UInt32 { word >> indexBits }
}
