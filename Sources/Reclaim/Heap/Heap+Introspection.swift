extension Heap {
    /// The objects this heap tracks, like CPython's `gc.get_objects()`.
    ///
    /// Frozen objects (see ``freeze()``) are not included. Objects whose `deinit` is already
    /// running are skipped.
    ///
    /// - Parameter generation: 0, 1 or 2 for one generation; `nil` (the default) for all.
    ///   Any other value stops the program with a message that names it.
    /// - Returns: The objects, oldest generation last.
    /// - Complexity: O(*n*) in the number of objects listed.
    public func objects(generation: Int? = nil) -> [GCObject] {
        if let generation {
            guard (0...2).contains(generation) else {
                fatalError("objects(generation: \(generation)): generation must be 0, 1, 2 or nil")
            }
        }
        let generations = generation.map { $0...$0 } ?? 0...2
        var result: [GCObject] = []
        forEachLiveObject(in: generations) { result.append($0) }
        return result
    }

    /// The number of objects this heap tracks outside the permanent generation.
    ///
    /// - Complexity: O(1).
    public var trackedCount: Int {
        withOwnedLists {
            return lists[0].liveCount + lists[1].liveCount + lists[2].liveCount
        }
    }

    /// Bytes of memory the collector keeps for the objects this heap tracks: the 8-byte
    /// header inside each tracked object plus the generation lists (8 bytes per slot,
    /// including spare capacity and holes not yet squeezed out).
    ///
    /// Collections also allocate temporary working memory that is freed when they end and is
    /// not included: per examined object 4 bytes of working count, 4 of row index and up to 4
    /// of rescue stack; 4 bytes per reference found among them (at least 8 per object
    /// reserved); 8 bytes per unreachable object.
    ///
    /// - Complexity: O(1).
    public var collectorMemoryFootprint: Int {
        withOwnedLists {
            var bytes = 0
            for generation in 0...SlotWord.permanentGeneration {
                bytes += lists[generation].liveCount * 8 + lists[generation].capacity * 8
            }
            return bytes
        }
    }

    /// The tracked objects whose `traverse` reports any of `targets`, like CPython's
    /// `gc.get_referrers()`.
    ///
    /// Only objects tracked by this heap and not frozen are searched; references held by
    /// untracked objects, globals or the stack are invisible to it.
    ///
    /// - Complexity: O(*n* + *e*) over every tracked object and every reference it reports.
    public func referrers(of targets: GCObject...) -> [GCObject] {
        referrers(ofAny: targets)
    }

    /// The tracked objects whose `traverse` reports any of `targets`, in one pass.
    package func referrers(ofAny targets: [GCObject]) -> [GCObject] {
        let wanted = Set(targets.map(ObjectIdentifier.init))
        var result: [GCObject] = []
        forEachLiveObject(in: 0...2) { candidate in
            var refersToTarget = false
            candidate.traverse { referent in
                if !refersToTarget, wanted.contains(ObjectIdentifier(referent)) { refersToTarget = true }
            }
            if refersToTarget { result.append(candidate) }
        }
        return result
    }

    /// The objects that the `traverse` of each of `objects` reports, like CPython's
    /// `gc.get_referents()`.
    ///
    /// - Complexity: O(*e*) in the number of references reported.
    public func referents(of objects: GCObject...) -> [GCObject] {
        Self.referents(ofAll: objects)
    }

    /// What the `traverse` of each of `objects` reports, in order; needs no heap.
    static func referents(ofAll objects: [GCObject]) -> [GCObject] {
        var result: [GCObject] = []
        for object in objects {
            object.traverse { result.append($0) }
        }
        return result
    }

    /// Whether `object` is tracked by this heap (frozen objects included), like CPython's
    /// `gc.is_tracked()`.
    ///
    /// Like CPython's atomic objects (`gc.is_tracked(1)` is `False`), instances of a class that
    /// never overrides ``GCObject/traverse(_:)`` are not tracked: they cannot hold a cycle
    /// together, so the collector never needs to visit them. A `@Traced` class whose
    /// properties cannot hold references generates no `traverse`, so it is untracked too.
    ///
    /// An object that another heap tracks is not tracked by this one: this returns false and
    /// says so through ``logger`` (at `warning` level), since that is usually a mistake
    /// (``Heap/tracking(_:)`` tells which heap tracks it).
    ///
    /// - Complexity: O(1).
    public func isTracked(_ object: GCObject) -> Bool {
        let heapID = object.gcHeapID
        if heapID != 0, heapID != id {
            logger.warning(
                """
                gc: isTracked: \(Self.describe(object)) is tracked by another heap, not by this \
                one (Heap.tracking(_:) returns it); objects that refer to each other across heaps \
                form cycles no collection frees
                """
            )
        }
        return heapID == id
    }

    /// Calls `body` with every tracked object of `generations` that is not being deinitialized.
    func forEachLiveObject(in generations: ClosedRange<Int>, _ body: (GCObject) -> Void) {
        var addresses: [UnsafeMutableRawPointer] = []
        withOwnedLists {
            for generation in generations {
                let list = lists[generation]
                for index in 0..<list.count {
                    guard let address = list[index], !RuntimeShims.isDeallocating(address) else { continue }
                    addresses.append(address)
                }
            }
        }
        // Take strong references before running user code, which may free other objects.
        let objects = addresses.map { Unmanaged<GCObject>.fromOpaque($0).takeUnretainedValue() }
        for object in objects { body(object) }
    }
}
