extension Heap {
    /// How automatic collections choose what to scan (``CollectionMode``); `.generational`
    /// unless set.
    ///
    /// Switching to incremental mode starts a pass over the old generation: generation 1's
    /// objects count as visited, generation 2's as pending. Switching back leaves both lists
    /// as generations 1 and 2. A budget of fewer than one object, or a time budget of zero or
    /// less, stops the program with a message that names it.
    ///
    /// - Complexity: O(1).
    public var collectionMode: CollectionMode {
        get { state.mode }
        set {
            switch newValue {
            case .incremental(.objects(let count)) where count < 1:
                fatalError("collectionMode = \(newValue): an increment must be allowed at least 1 object")
            case .incremental(.time(let duration)) where duration <= .zero:
                fatalError("collectionMode = \(newValue): an increment must be allowed more than no time")
            default:
                break
            }
            if !state.isIncremental, newValue.kind == .incremental {
                var incremental = IncrementalState()
                incremental.oldCountAfterFullCollection = withOwnedLists {
                    reserveVisitedSpace(visited: 1, pending: 2)
                    return lists[1].liveCount + lists[2].liveCount
                }
                state.incremental = incremental
            }
            state.mode = newValue
        }
    }

    /// The statistics of the collections that ran in mode `kind`, per generation (in
    /// incremental mode, generation 1 counts the increments); ``stats`` adds both modes up.
    public func stats(in kind: CollectionMode.Kind) -> [GenerationStats] {
        let start = CollectorState.statsIndex(kind, generation: 0)
        return Array(state.statsByMode[start..<start + 3])
    }

    /// The list that objects a collection keeps past their generation go to (resurrected,
    /// saved by `saveAll`, still referenced after `clear()`, unfrozen): generation 2, or in
    /// incremental mode the visited space, so that they never lengthen the pass in progress.
    var keptObjectsList: Int {
        state.isIncremental ? state.incremental.visitedSpace : 2
    }

    /// Whether the next automatic collection in incremental mode must be a full one: an
    /// increment stopped at its budget since the last full collection (so a garbage structure
    /// larger than the budget may be waiting) and the old generation grew by a quarter since
    /// then (CPython's 25 % rule, so a large live structure alone never causes one).
    var needsFullCollectionInIncrementalMode: Bool {
        guard state.incremental.truncatedSinceFullCollection else { return false }
        let old = lists[1].liveCount + lists[2].liveCount
        let base = state.incremental.oldCountAfterFullCollection
        return old - base >= base / 4
    }

    /// Collects in incremental mode: generation 2 is a full collection (which ends the pass:
    /// every old object is then pending), 1 an increment, 0 the young objects alone; the
    /// survivors of young objects and of increments go to the visited space.
    func scanIncrementally(generation: Int) -> ScanResult {
        switch generation {
        case 2:
            mergeYoungerGenerations(into: 2)
            let result = scan(generation: 2, promotingTo: 2)
            state.incremental.visitedSpace = 1
            reserveVisitedSpace(visited: 1, pending: 2)
            state.incremental.oldCountAfterFullCollection = lists[2].liveCount
            state.incremental.truncatedSinceFullCollection = false
            return result
        case 1:
            mergeYoungerGenerations(into: 0)
            var report = formIncrement()
            var result = scan(
                generation: 0,
                promotingTo: state.incremental.visitedSpace,
                youngObjects: report.youngObjects
            )
            let pending = state.incremental.pendingSpace
            report.pendingAfter = lists[pending].liveCount
            if report.pendingAfter == 0 {
                // The pass is complete: what it visited is pending in the next one.
                lists[pending].removeAll()
                state.incremental.visitedSpace = pending
                reserveVisitedSpace(visited: pending, pending: 3 - pending)
            }
            if report.truncated { state.incremental.truncatedSinceFullCollection = true }
            result.increment = report
            return result
        default:
            mergeYoungerGenerations(into: 0)
            return scan(generation: 0, promotingTo: state.incremental.visitedSpace, youngObjects: lists[0].count)
        }
    }

    /// Gives the visited list room for a whole pass when it begins: every pending object, and
    /// half as many again for the objects promoted meanwhile (a pass at the full pace ends
    /// within about half as many allocations as it has pending objects). Grown a half at a time
    /// instead, the list would be copied within some increments, each copy as long as the list
    /// (4 to 5 ms for a million objects, against 2 ms for a whole increment). The room is
    /// only reserved: its pages are touched as objects arrive.
    private func reserveVisitedSpace(visited: Int, pending: Int) {
        let pendingObjects = lists[pending].liveCount
        lists[visited].reserveCapacity(lists[visited].count + pendingObjects + pendingObjects / 2)
    }

    /// Moves the old objects of the next increment into the young list, which the increment
    /// then scans as a young collection would.
    ///
    /// The increment takes objects from the end of the pending list at the pace
    /// `IncrementalState.pace(young:trigger:)` sets, adjusted by the balance of
    /// earlier increments, and with each every pending object it refers to, directly or not
    /// (found with `traverse`, as CPython 3.14 does), so that a garbage cycle is scanned whole.
    ///
    /// An object whose closure does not fit in what is left of the budget is put back, closure
    /// and all, at the end of the pending list, where the next increment starts: increments
    /// hold whole structures. Only a structure larger than an increment's whole room for old
    /// objects is cut at the budget: the scan stays exact (a reference from an object left out
    /// counts as one from outside), but a cycle cut there is only found later (see
    /// `needsFullCollectionInIncrementalMode`).
    ///
    /// Objects being deinitialized, or in the middle of a formal access on this thread, are
    /// taken without calling their `traverse` (the scan then treats them as referenced from
    /// outside, as it does in every collection).
    private func formIncrement() -> IncrementReport {
        guard case .incremental(let budget) = state.mode else { preconditionFailure("not in incremental mode") }
        let young = lists[0].count
        let youngBytes = instanceBytes(ofYoungList: 0..<young)
        let limit = state.incremental.objectLimit(for: budget)
        let pending = state.incremental.pendingSpace
        let paced = state.incremental.pace(young: young, trigger: state.automaticTrigger)
        state.incremental.promotedSinceIncrement = 0
        state.incremental.promotedBytesSinceIncrement = 0
        // The young objects are always scanned; when they fill the budget, the increment still
        // takes up to `IncrementalState.leastProgress` old objects, so the pass advances.
        let wanted = paced - state.incremental.balance
        let room = young < limit ? limit - young : IncrementalState.leastProgress
        let oldWork = Swift.max(0, Swift.min(wanted, room))
        let accesses = RuntimeShims.inProgressAccessAddresses() ?? []
        var taken = 0
        var cut = false
        // The young objects are scanned whole, but what they refer to is not pulled in (as in
        // CPython 3.14): most of them refer to other young objects, and a cycle through an
        // old object is found in the pass after they are promoted.
        var next = young
        let pendingTag = UInt32(pending)

        func takeIfPending(_ referent: GCObject) {
            guard referent.gcHeapID == id, SlotWord.tag(referent.gcSlot) == pendingTag else { return }
            guard taken < room else {
                cut = true
                return
            }
            lists[pending].remove(at: SlotWord.index(referent.gcSlot))
            list(Unmanaged.passUnretained(referent).toOpaque(), in: 0)
            taken += 1
        }
        func takeWhatTheNewMembersReach() {
            while next < lists[0].count {
                let address = lists[0][next].unsafelyUnwrapped
                if next + ReferenceScan.prefetchDistance < lists[0].count {
                    // In a large structure the members wait in line long enough for their
                    // referents' headers to arrive, as in the scan.
                    RuntimeShims.prefetchReferents(
                        of: lists[0][next + ReferenceScan.prefetchDistance].unsafelyUnwrapped,
                        skip: GCObject.storedPropertiesOffset
                    )
                }
                next += 1
                guard Self.canTraverse(address, accesses: accesses) else { continue }
                Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { $0.traverse(takeIfPending) }
            }
        }

        while taken < oldWork, lists[pending].count > 0 {
            guard let address = lists[pending].removeLast() else { continue }
            let structureStart = lists[0].count
            list(address, in: 0)
            taken += 1
            takeWhatTheNewMembersReach()
            guard cut else { continue }
            if structureStart > young {
                // Not the increment's first structure: the next increment takes it whole.
                taken -= putBackIntoPending(from: structureStart, pending: pending)
                cut = false
            }
            break
        }
        let oldBytes = instanceBytes(ofYoungList: young..<lists[0].count)
        state.incremental.record(oldObjects: taken, oldBytes: oldBytes)
        // Past the pace, a closure taken whole is paid back by the next increments, and an
        // increment the budget kept short of it is made up by the next ones, so the old
        // generation is scanned at the paced rate on average whatever its shape and the budget.
        // The last increment of a pass is short because nothing is left: that is no debt.
        var balance = state.incremental.balance + taken - paced
        if lists[pending].liveCount == 0 { balance = Swift.max(0, balance) }
        state.incremental.balance = Swift.min(limit, Swift.max(-limit, balance))
        return IncrementReport(
            youngObjects: young,
            oldObjects: taken,
            youngBytes: youngBytes,
            oldBytes: oldBytes,
            budget: limit,
            truncated: cut,
            releasedLater: 0,
            pendingAfter: 0
        )
    }

    /// Moves the increment's objects from position `start` of the young list back to the end
    /// of the pending list, the first of them last (where the next increment starts), and
    /// returns how many moved.
    private func putBackIntoPending(from start: Int, pending: Int) -> Int {
        let moved = lists[0].count - start
        while lists[0].count > start {
            list(lists[0].removeLast().unsafelyUnwrapped, in: pending)
        }
        return moved
    }

    /// The instance sizes of the objects at `positions` of the young list (no holes), added up.
    private func instanceBytes(ofYoungList positions: Range<Int>) -> Int {
        positions.reduce(0) { $0 &+ RuntimeShims.instanceSize(ofObjectAt: lists[0][$1].unsafelyUnwrapped) }
    }

    /// Whether the object's `traverse` may run now: not while it is being deinitialized, nor
    /// while a formal access on this thread is in the middle of one of its properties (the
    /// objects a scan leaves untraversed, `ReferenceScan.copyCounts`).
    private static func canTraverse(_ address: UnsafeMutableRawPointer, accesses: [UInt]) -> Bool {
        !RuntimeShims.referenceCountState(of: address).isDeinitializing
            && !ReferenceScan.isBeingAccessed(address, accesses: accesses)
    }
}
