extension Heap {
    /// What happened to the unreachable objects of one collection.
    struct DisposalOutcome {
        var collected = 0
        var uncollectable = 0
        var resurrected = 0
        /// Set when the resurrection check found an over-reporting `traverse`; it then keeps
        /// what the reporting types reach (`heldBack`) as if resurrected.
        var suspects: [TraverseSuspect] = []
        var heldBack = 0
        var heldBackTypeNames: [String] = []
    }

    /// The slot-word tag (bits 28–31) of objects in a collection's garbage list.
    static let garbageTag = SlotWord.garbageFlag >> SlotWord.indexBits

    /// Steps 9–14 of CPython's collection, for the unreachable objects `scanAndPromote` found
    /// (each retained once and flagged, `garbage[i]` carrying index `i`): clear weak references
    /// and run their callbacks, run finalizers, keep whatever they resurrected, then save the
    /// rest to ``garbage`` (``GC/DebugFlags/saveAll``) or clear and release it.
    func dispose(
        _ garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>,
        count: Int,
        generation: Int,
        releaseDeadline: ContinuousClock.Instant? = nil
    ) -> DisposalOutcome {
        var outcome = DisposalOutcome()
        var remaining = count
        // The trace hook reports both steps, whatever they find.
        let needs =
            collectionTracer == nil
            ? Self.needs(of: garbage, count: count) : (weakReferences: true, finalizers: true)
        let callbacksRan = needs.weakReferences && clearWeakReferences(to: garbage, count: count)
        let finalizersRan = needs.finalizers && runFinalizers(of: garbage, count: count)
        if callbacksRan || finalizersRan {
            let candidates = collectionTracer == nil ? [] : Self.identifiers(garbage, count: count)
            var counts: [Int]? = collectionTracer == nil ? nil : []
            remaining = keepResurrected(garbage, count: count, outcome: &outcome, tracedCounts: &counts)
            if let counts, let tracer = collectionTracer {
                let kept = Set(Self.identifiers(garbage, count: remaining))
                tracer(
                    .resurrectionChecked(
                        garbage: candidates,
                        counts: counts,
                        resurrected: candidates.filter { !kept.contains($0) }
                    )
                )
            }
            outcome.resurrected = count - remaining - outcome.heldBack
            // Weak references that finalizers or callbacks created to what is still garbage
            // would return half-cleared objects: clear them, without callbacks (CPython
            // GH-91636).
            for index in 0..<remaining {
                let address = garbage[index]
                let flags = Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { $0.gcFlags }
                guard flags & GCObject.weaklyReferencedFlag != 0 else { continue }
                for node in WeakReferenceRegistry.detachAll(from: address) {
                    node.clearReferent()
                    _ = node.takeCallback()
                }
            }
        }
        if debugFlags.contains(.collectable) {
            for index in 0..<remaining {
                logObject(
                    "collectable",
                    Unmanaged<GCObject>.fromOpaque(garbage[index]).takeUnretainedValue(),
                    generation: generation
                )
            }
        }
        if debugFlags.contains(.saveAll) {
            save(garbage, count: remaining)
            outcome.collected = remaining
        } else {
            outcome.uncollectable = clearAndRelease(
                garbage,
                count: remaining,
                generation: generation,
                releaseDeadline: releaseDeadline
            )
            outcome.collected = remaining - outcome.uncollectable
        }
        return outcome
    }

    /// Clears every weak reference to the garbage and every weak reference that is garbage,
    /// then runs the callbacks of the cleared references that are not garbage themselves.
    /// Returns whether any user code (a callback) ran.
    private func clearWeakReferences(
        to garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>,
        count: Int
    ) -> Bool {
        var callbacks: [() -> Void] = []
        var droppedCallback = false
        var traced: [CollectionTraceEvent.ClearedWeakReference]? = collectionTracer == nil ? nil : []
        for index in 0..<count {
            let address = garbage[index]
            let flags = Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { $0.gcFlags }
            guard flags & (GCObject.weakReferenceFlag | GCObject.weaklyReferencedFlag) != 0 else { continue }
            let object = Unmanaged<GCObject>.fromOpaque(address).takeUnretainedValue()
            if flags & GCObject.weakReferenceFlag != 0, let node = object as? any WeakReferenceNode {
                // Dies with its referent's group or on its own: its callback must never run.
                WeakReferenceRegistry.unregister(node)
                node.clearReferent()
                if node.takeCallback() != nil { droppedCallback = true }
                traced?.append(.init(reference: ObjectIdentifier(node), referent: nil, callbackRuns: false))
            }
            if flags & GCObject.weaklyReferencedFlag != 0 {
                object.clearFlag(GCObject.weaklyReferencedFlag)
                for node in WeakReferenceRegistry.detachAll(from: address) {
                    node.clearReferent()
                    // A weak reference that is garbage itself keeps its callback until its own
                    // turn in this loop drops it, and is reported then.
                    guard !isInGarbage(node) else { continue }
                    let callback = node.takeCallback()
                    if let callback { callbacks.append(callback) }
                    traced?.append(
                        .init(
                            reference: ObjectIdentifier(node),
                            referent: ObjectIdentifier(object),
                            callbackRuns: callback != nil
                        )
                    )
                }
            }
        }
        if let traced, let tracer = collectionTracer { tracer(.weakReferencesCleared(traced)) }
        for callback in callbacks {
            callback()
        }
        // Releasing a dropped callback releases its captures, whose deinits are user code too.
        return droppedCallback || !callbacks.isEmpty
    }

    /// Whether some garbage object is a ``WeakRef`` or weakly referenced, and whether some
    /// garbage object's class overrides `finalize()`: one pass over the garbage's headers
    /// (the flags and the metadata pointer share a cache line), so that the passes that clear
    /// weak references and run finalizers run only when they have something to do. The vtable
    /// is read once per run of objects of one class.
    private static func needs(
        of garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>,
        count: Int
    ) -> (weakReferences: Bool, finalizers: Bool) {
        var weakReferences = false
        var finalizers = false
        var lastMetadata: UnsafeRawPointer?
        for index in 0..<count {
            let address = garbage[index]
            if !weakReferences {
                let flags = Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { $0.gcFlags }
                weakReferences = flags & (GCObject.weakReferenceFlag | GCObject.weaklyReferencedFlag) != 0
            }
            if !finalizers {
                let metadata = address.load(as: UnsafeRawPointer.self)
                if metadata != lastMetadata {
                    lastMetadata = metadata
                    finalizers = RuntimeShims.overridesFinalize(address)
                }
            }
            if weakReferences && finalizers { break }
        }
        return (weakReferences, finalizers)
    }

    /// Whether `object` is in the garbage list of this heap's collection in progress.
    private func isInGarbage(_ object: GCObject) -> Bool {
        object.gcHeapID == id && object.gcSlot & SlotWord.garbageFlag != 0
    }

    /// Calls `finalize()` on every garbage object whose class overrides it and that has not
    /// been finalized yet. Returns whether any ran.
    private func runFinalizers(of garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>, count: Int) -> Bool {
        var ran = false
        var finalized: [ObjectIdentifier] = []
        for index in 0..<count where RuntimeShims.overridesFinalize(garbage[index]) {
            Unmanaged<GCObject>.fromOpaque(garbage[index])._withUnsafeGuaranteedRef { object in
                if object.markFinalized() {
                    ran = true
                    if collectionTracer != nil { finalized.append(ObjectIdentifier(object)) }
                    object.finalize()
                }
            }
        }
        collectionTracer?(.finalizersRan(finalized))
        return ran
    }

    /// The resurrection check (CPython's `handle_resurrected_objects`): runs the count copy,
    /// subtraction and rescue again on the garbage alone. Objects that now have a reference
    /// from outside, and everything they reach, move to generation 2 and lose the collection's
    /// reference; the rest are packed at the front of `garbage`. Returns how many remain.
    ///
    /// A working count below zero (an over-reporting `traverse`) is contained as in the first
    /// scan (see `OverReport`): what the reporting types reach is kept with the resurrected
    /// objects and counted in `outcome.heldBack`. When `tracedCounts` is not `nil`, it
    /// receives the working counts after the subtraction.
    private func keepResurrected(
        _ garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>,
        count: Int,
        outcome: inout DisposalOutcome,
        tracedCounts: inout [Int]?
    ) -> Int {
        let objects = UnsafeMutableRawPointer(garbage).assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
        var scan = ReferenceScan(objects: objects, count: count)
        defer { scan.deallocate() }
        withOwnedLists {
            state.isScanning = true
            defer { state.isScanning = false }
            // Minus the reference this collection holds.
            scan.copyCounts(less: 1)
            scan.subtractInternalReferences(membership: SlotMembership(heapID: id, tag: Self.garbageTag))
        }
        if tracedCounts != nil { tracedCounts = scan.candidateCounts() }
        if scan.hasOverReport() {
            collectionTracer?(.refused(counts: scan.candidateCounts()))
            let overReport = scan.containOverReport()
            outcome.suspects = overReport.suspects
            outcome.heldBack = overReport.heldBack.count
            outcome.heldBackTypeNames = overReport.distrustedTypeNames
        } else {
            guard (0..<scan.nodeCount).contains(where: { scan.refs[$0] != 0 }) else { return count }
            _ = scan.markReachable()
        }

        var survivors: [UnsafeMutableRawPointer] = []
        var kept = 0
        withOwnedLists {
            for index in 0..<count {
                let address = garbage[index]
                Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { object in
                    if scan.refs[index] == -1 {
                        list(address, in: keptObjectsList)
                        // Resurrected or held back: either way the collection lets go of it.
                        survivors.append(address)
                    } else {
                        garbage[kept] = address
                        object.gcSlot = SlotWord.garbageFlag | UInt32(kept)
                        kept += 1
                    }
                }
            }
        }
        for address in survivors {
            Unmanaged<GCObject>.fromOpaque(address).release()
        }
        return kept
    }

    /// ``GC/DebugFlags/saveAll``: moves the garbage to generation 2 and into ``garbage``
    /// instead of clearing it.
    private func save(_ garbage: UnsafeMutablePointer<UnsafeMutableRawPointer>, count: Int) {
        if let tracer = collectionTracer { tracer(.saved(Self.identifiers(garbage, count: count))) }
        withOwnedLists {
            for index in 0..<count {
                list(garbage[index], in: keptObjectsList)
            }
        }
        garbageStorage.reserveCapacity(garbageStorage.count + count)
        for index in 0..<count {
            let object = Unmanaged<GCObject>.fromOpaque(garbage[index])
            garbageStorage.append(object.takeUnretainedValue())
            object.release()
        }
    }
}
