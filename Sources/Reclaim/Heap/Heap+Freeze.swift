extension Heap {
    /// Moves every tracked object into the permanent generation, which collections never
    /// scan, like CPython's `gc.freeze()`.
    ///
    /// References from frozen objects count as outside references, so everything they
    /// reach stays alive. Use it after building a large long-lived structure (a cache, a
    /// parsed configuration, a server's routing table) so collections stop re-examining it.
    /// Counters are reset.
    ///
    /// - Complexity: O(*n*) in the number of tracked objects.
    public func freeze() {
        withOwnedLists {
            for generation in 0...2 {
                moveAll(from: generation, to: SlotWord.permanentGeneration)
            }
        }
        resetAllocationCount()
        state.count1 = 0
        state.count2 = 0
    }

    /// Moves every frozen object back into generation 2, like CPython's `gc.unfreeze()`.
    ///
    /// - Complexity: O(*f*) in the number of frozen objects.
    public func unfreeze() {
        withOwnedLists {
            moveAll(from: SlotWord.permanentGeneration, to: keptObjectsList)
        }
    }

    /// The number of objects in the permanent generation, like CPython's
    /// `gc.get_freeze_count()`.
    ///
    /// - Complexity: O(1).
    public var freezeCount: Int {
        withOwnedLists {
            return lists[SlotWord.permanentGeneration].liveCount
        }
    }
}
