extension Heap {
    /// Whether ``_checkInvariants()`` does anything in this build (it does when the `Reclaim`
    /// module was compiled with `RECLAIM_INTERNAL_CHECKS`, as debug builds are).
    ///
    /// Not part of the public API; for Reclaim's own tests.
    public static var _isConsistencyCheckingEnabled: Bool {
        #if RECLAIM_INTERNAL_CHECKS
            true
        #else
            false
        #endif
    }

    /// Verifies the heap's bookkeeping: every listed object carries this heap's identifier and
    /// its own position, no object is listed twice, hole counts are exact, no object is left
    /// flagged as garbage or as a clear survivor, and deferred garbage is untracked and listed
    /// nowhere else. Stops the program with a description of
    /// the first violation. Runs after every collection when
    /// ``_checksInvariantsAfterEachCollection`` is set, in builds with internal checks.
    ///
    /// Not part of the public API; for Reclaim's own tests.
    public func _checkInvariants() {
        #if RECLAIM_INTERNAL_CHECKS
            withOwnedLists {
                var seen = Set<UnsafeMutableRawPointer>()
                for generation in 0...SlotWord.permanentGeneration {
                    let list = lists[generation]
                    var holes = 0
                    for index in 0..<list.count {
                        guard let address = list[index] else {
                            holes += 1
                            continue
                        }
                        precondition(seen.insert(address).inserted, "object \(address) listed twice")
                        Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { object in
                            precondition(
                                object.gcHeapID == id,
                                "object at \(generation)/\(index) has heap \(object.gcHeapID), not \(id)"
                            )
                            let expected = SlotWord.make(index: index, generation: generation)
                            precondition(
                                object.gcSlot == expected,
                                "object at \(generation)/\(index) has slot word \(object.gcSlot), expected \(expected)"
                            )
                        }
                    }
                    precondition(
                        holes == list.holes,
                        "generation \(generation) counts \(list.holes) holes, has \(holes)"
                    )
                }
                precondition(clearSurvivors.isEmpty, "clear survivors left over after a collection")
                for address in deferredReleases {
                    precondition(seen.insert(address).inserted, "deferred garbage \(address) also listed")
                    Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { object in
                        precondition(
                            object.gcHeapID == 0 && object.gcSlot == 0,
                            "deferred garbage \(address) still tracked (heap \(object.gcHeapID))"
                        )
                    }
                }
            }
        #endif
    }
}
