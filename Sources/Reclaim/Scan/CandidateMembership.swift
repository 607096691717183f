/// How a reference scan tells whether a referent is one of its candidates, and which.
protocol CandidateMembership {
    /// The candidate index of `referent`, or -1 when it is not a candidate.
    func index(of referent: GCObject) -> Int32
}

/// Membership by slot word: the candidates are the objects of one heap whose slot-word tag
/// (bits 28–31) is `tag`, at the index the slot word holds. Used by collections (the tag is the
/// generation collected) and by the resurrection check (the garbage tag).
struct SlotMembership: CandidateMembership {
    let heapID: UInt32
    let tag: UInt32

    @inline(__always)
    func index(of referent: GCObject) -> Int32 {
        guard referent.gcHeapID == heapID, SlotWord.tag(referent.gcSlot) == tag else { return -1 }
        return Int32(truncatingIfNeeded: SlotWord.index(referent.gcSlot))
    }
}

/// Membership by address, for a dry run over objects of several generations.
struct AddressMembership: CandidateMembership {
    let indexByAddress: [UnsafeMutableRawPointer: Int32]

    @inline(__always)
    func index(of referent: GCObject) -> Int32 {
        indexByAddress[Unmanaged.passUnretained(referent).toOpaque()] ?? -1
    }
}
