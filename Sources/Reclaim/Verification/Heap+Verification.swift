extension Heap {
    /// Checks the `traverse(_:)` of every object this heap tracks against the strong
    /// references the object actually stores, and reports every mismatch.
    ///
    /// A debugging tool for hand-written ``GCObject/traverse(_:)`` methods. For each tracked
    /// object (frozen ones included), the references it holds are found by reflection through
    /// its stored properties and those of its superclasses, and inside optionals, arrays,
    /// sets, dictionaries (keys and values), tuples, structs and enum payloads; `weak`,
    /// `unowned` and `unowned(unsafe)` properties are told apart with the compiler's field
    /// metadata. A class instance counts as one reference and is not entered. Each reference
    /// must be reported exactly as many times as it is held:
    ///
    /// - reported more often than held (a `weak` or `unowned` property, a duplicate, an object
    ///   the object does not hold) is ``TraverseIssue/Kind/reportsReferenceNotHeld``, which
    ///   can make the collector clear a live object;
    /// - held more often than reported is ``TraverseIssue/Kind/missesReference``, which can
    ///   leak a cycle;
    /// - a reference to an object that another heap tracks is
    ///   ``TraverseIssue/Kind/referencesAnotherHeap``: each heap counts it as a reference from
    ///   outside, so a cycle through it is never collected.
    ///
    /// Instances of classes that never override ``GCObject/traverse(_:)`` are not tracked, but
    /// they are checked too when a checked object holds them strongly: a class that holds
    /// references and forgot its `traverse` entirely shows up as missing every one of them.
    ///
    /// References that reflection cannot see count as not held: closure captures, references
    /// kept by non-`GCObject` class instances, unsafe pointers. Classes whose ownership
    /// reflection cannot tell (a custom mirror, no field metadata, references kept in an
    /// `Unmanaged`) are listed in ``TraverseReport/unverifiableTypes`` instead of checked.
    ///
    /// Nothing is changed and no tracked object is created; objects whose `deinit` is already
    /// running are skipped, and each object's `traverse(_:)` runs once. `unowned` properties
    /// are only read to explain a reported reference that no other property holds; reading one
    /// whose object has been freed stops the program, as any other read of it would.
    ///
    /// Calling it during a collection (from ``GCObject/clear()``, ``GCObject/finalize()``, a
    /// `deinit` or a callback run by the collection) stops the program with a message.
    ///
    /// - Returns: The issues found, grouped by type and property.
    /// - Complexity: O(*n* + *s* + *e*), where *n* is the number of tracked objects, *s* the
    ///   number of values stored in their properties (reflected one by one, a few
    ///   microseconds each) and *e* the number of references their `traverse` reports.
    public func verify() -> TraverseReport {
        guard collectingThread.load(ordering: .relaxed) == 0 else {
            fatalError(
                """
                Reclaim: verify() was called while the heap was being collected (from clear(), \
                finalize(), a deinit or a callback). Call it between collections.
                """
            )
        }
        var verifier = TraverseVerifier(heapID: id)
        forEachLiveObject(in: 0...SlotWord.permanentGeneration) { verifier.check($0) }
        return verifier.report()
    }
}
