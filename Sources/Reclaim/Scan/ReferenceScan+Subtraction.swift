extension ReferenceScan {
    /// How many candidates are traversed before the referents they reported are resolved.
    static let batchSize = 64

    /// How many objects ahead of the one being traversed the scan prefetches the memory its
    /// references point to.
    static let prefetchDistance = 16

    /// Calls each candidate's `traverse` once (except the untraversed ones), lowering the
    /// working count of every node it references and recording the reference.
    ///
    /// Candidates are traversed in batches: the referents a batch reports are first only
    /// recorded (and their headers prefetched), then resolved together, so the cache misses of
    /// reading referents scattered across memory overlap instead of stalling one by one. The
    /// working counts of their targets are as scattered: a batch without storage records its
    /// targets first, prefetching their counts, and lowers the counts in a second pass.
    /// Storage objects reported through shared values (see `SharedStorage`) become storage
    /// nodes; their counts are read at the end of the batch that first reported them, once
    /// the temporary copies its `traverse` calls made are gone.
    ///
    /// - Parameters:
    ///   - membership: Which referents are candidates.
    ///   - otherHeap: Called with the source and target of every reference to an object that
    ///     another heap tracks, when not `nil`.
    mutating func subtractInternalReferences<Membership: CandidateMembership>(
        membership: Membership,
        otherHeap: ((_ source: UnsafeMutableRawPointer, _ target: GCObject) -> Void)? = nil
    ) {
        let recorder = UnsafeMutablePointer<ScanRecorder>.allocate(capacity: 1)
        recorder.initialize(to: ScanRecorder())
        defer {
            recorder.pointee.deallocate()
            recorder.deinitialize(count: 1)
            recorder.deallocate()
        }
        let batchEnds = UnsafeMutablePointer<(referents: Int, markers: Int)>.allocate(capacity: Self.batchSize)
        defer { batchEnds.deallocate() }
        // The hot state in locals, written back at the end: the closures and the inner loops
        // then keep it in registers.
        var edges = self.edges
        var storageEdges = self.storageEdges
        var storageCounts: [Int32] = []
        var nextUntraversed = 0
        var batchStart = 0
        while batchStart < candidateCount {
            let batchEnd = Swift.min(batchStart + Self.batchSize, candidateCount)
            Self.traverse(
                objects: objects,
                batchStart..<batchEnd,
                candidateCount: candidateCount,
                untraversed: untraversed,
                nextUntraversed: &nextUntraversed,
                recorder: recorder,
                batchEnds: batchEnds
            )
            recorder.pointee.settleEnteredStorages()
            while storageCounts.count < recorder.pointee.storages.count {
                storageCounts.append(recorder.pointee.storages[storageCounts.count].count)
            }
            Self.resolve(
                batchStart..<batchEnd,
                objects: objects,
                candidateCount: candidateCount,
                refs: refs,
                edgeStarts: edgeStarts,
                edges: &edges,
                storageEdges: &storageEdges,
                recorder: recorder,
                batchEnds: batchEnds,
                storageCounts: &storageCounts,
                membership: membership,
                otherHeap: otherHeap
            )
            batchStart = batchEnd
        }
        edgeStarts[candidateCount] = edges.count
        self.edges = edges
        self.storageEdges = storageEdges
        storages = recorder.pointee.storages
        if !storages.isEmpty {
            appendStorageCounts(storageCounts)
        }
    }

    /// Calls the `traverse` of the candidates of `batch` (but the untraversed ones), recording
    /// what they report in `recorder`, published as the current scan meanwhile.
    private static func traverse(
        objects: UnsafeMutablePointer<UnsafeMutableRawPointer?>,
        _ batch: Range<Int>,
        candidateCount: Int,
        untraversed: [Int],
        nextUntraversed: inout Int,
        recorder: UnsafeMutablePointer<ScanRecorder>,
        batchEnds: UnsafeMutablePointer<(referents: Int, markers: Int)>
    ) {
        recorder.pointee.beginBatch()
        let outerScan = RuntimeShims.currentScan
        RuntimeShims.currentScan = UnsafeMutableRawPointer(recorder)
        defer { RuntimeShims.currentScan = outerScan }
        var skip = nextUntraversed < untraversed.count ? untraversed[nextUntraversed] : Int.max
        for index in batch {
            if index + prefetchDistance < candidateCount {
                RuntimeShims.prefetchReferents(
                    of: objects[index + prefetchDistance].unsafelyUnwrapped,
                    skip: GCObject.storedPropertiesOffset
                )
            }
            if index == skip {
                nextUntraversed += 1
                skip = nextUntraversed < untraversed.count ? untraversed[nextUntraversed] : Int.max
            } else {
                Unmanaged<GCObject>.fromOpaque(objects[index].unsafelyUnwrapped)._withUnsafeGuaranteedRef { object in
                    object.traverse { referent in
                        let address = Unmanaged.passUnretained(referent).toOpaque()
                        RuntimeShims.prefetch(address + GCObject.headerOffset)
                        _ = recorder.pointee.referents.append(address)
                    }
                }
                // The contents of boxes the traverse found in `indirect` enum cases, one after
                // the other instead of nested.
                while let value = recorder.pointee.takePendingBox() {
                    value.traceReferences { referent in
                        _ = recorder.pointee.referents.append(Unmanaged.passUnretained(referent).toOpaque())
                    }
                    recorder.pointee.boxBeingDrained = nil
                    recorder.pointee.exit()
                }
            }
            batchEnds[index - batch.lowerBound] = (recorder.pointee.referents.count, recorder.pointee.markerCount)
        }
    }

    /// Attributes the referents of one batch to the nodes that hold them, lowers their targets'
    /// counts and records the references.
    private static func resolve<Membership: CandidateMembership>(
        _ batch: Range<Int>,
        objects: UnsafeMutablePointer<UnsafeMutableRawPointer?>,
        candidateCount: Int,
        refs: UnsafeMutablePointer<Int32>,
        edgeStarts: UnsafeMutablePointer<Int32>,
        edges: inout EdgeBuffer,
        storageEdges: inout [(source: Int32, target: Int32)],
        recorder: UnsafeMutablePointer<ScanRecorder>,
        batchEnds: UnsafeMutablePointer<(referents: Int, markers: Int)>,
        storageCounts: inout [Int32],
        membership: Membership,
        otherHeap: ((_ source: UnsafeMutableRawPointer, _ target: GCObject) -> Void)?
    ) {
        let referents = recorder.pointee.referents
        /// The candidate index of a referent, or -1 (after reporting a reference to another
        /// heap, when asked to).
        @inline(__always)
        func candidate(_ referent: UnsafeMutableRawPointer, reportedBy source: Int) -> Int32 {
            Unmanaged<GCObject>.fromOpaque(referent)._withUnsafeGuaranteedRef { object in
                let target = membership.index(of: object)
                if target < 0, let otherHeap, object.gcHeapID != 0 {
                    otherHeap(objects[source].unsafelyUnwrapped, object)
                }
                return target
            }
        }

        /// Records a reference between two nodes and lowers the target's count, unless either
        /// end is a temporary storage node (one nothing held once `traverse` returned). It
        /// changes the arrays in place: a copy held elsewhere would share their storage, and
        /// the first change for each candidate would copy them whole (unoptimized builds do
        /// not elide that: quadratic in a scan's storage references).
        func addReference(from source: Int32, to target: Int32) {
            let storageBase = Int32(truncatingIfNeeded: candidateCount)
            if source >= storageBase, recorder.pointee.storages[Int(source - storageBase)].isTemporary { return }
            if target >= storageBase {
                let storage = Int(target - storageBase)
                guard !recorder.pointee.storages[storage].isTemporary else { return }
                storageCounts[storage] &-= 1
            } else {
                refs[Int(target)] &-= 1
            }
            if source < storageBase {
                edges.append(target)
            } else {
                storageEdges.append((source, target))
            }
        }

        if recorder.pointee.markerCount == 0 {
            // The common case: every referent of the batch is held by the candidate that
            // reported it. The targets are recorded first, their counts prefetched, and lowered
            // in a second pass, so the cache misses on `refs` overlap as those on the headers do.
            let batchEdgeStart = Int(edges.count)
            var position = 0
            for index in batch {
                edgeStarts[index] = edges.count
                let end = batchEnds[index - batch.lowerBound].referents
                while position < end {
                    let target = candidate(referents[position].unsafelyUnwrapped, reportedBy: index)
                    position += 1
                    if target >= 0 {
                        RuntimeShims.prefetch(refs + Int(target))
                        edges.append(target)
                    }
                }
            }
            for edge in batchEdgeStart..<Int(edges.count) {
                refs[Int(edges[edge])] &-= 1
            }
            return
        }
        var position = 0
        var marker = 0
        for index in batch {
            edgeStarts[index] = edges.count
            let (end, markerEnd) = batchEnds[index - batch.lowerBound]
            if marker == markerEnd {
                // The common case: every referent is held by the candidate itself.
                while position < end {
                    let target = candidate(referents[position].unsafelyUnwrapped, reportedBy: index)
                    position += 1
                    if target >= 0 {
                        refs[Int(target)] &-= 1
                        edges.append(target)
                    }
                }
                continue
            }
            var owners: [Int32] = []
            var owner = Int32(truncatingIfNeeded: index)
            while true {
                let stop = marker < markerEnd ? Int(recorder.pointee.markers[marker].position) : end
                while position < stop {
                    let target = candidate(referents[position].unsafelyUnwrapped, reportedBy: index)
                    position += 1
                    if target >= 0 { addReference(from: owner, to: target) }
                }
                guard marker < markerEnd else { break }
                let code = recorder.pointee.markers[marker].code
                marker += 1
                if code == StorageMarker.exitCode {
                    owner = owners.removeLast()
                } else if code >= StorageMarker.contentsFlag {
                    owners.append(owner)
                    owner = Int32(truncatingIfNeeded: candidateCount) + (code - StorageMarker.contentsFlag)
                } else if code >= 0 {
                    if recorder.pointee.storages[Int(code)].isTemporary {
                        recorder.pointee.storages[Int(code)].temporaryReporter = Int32(truncatingIfNeeded: index)
                    }
                    let node = Int32(truncatingIfNeeded: candidateCount) + code
                    addReference(from: owner, to: node)
                    owners.append(owner)
                    owner = node
                } else {
                    addReference(from: owner, to: Int32(truncatingIfNeeded: candidateCount) - code - 2)
                }
            }
        }
    }

    /// Replaces `refs` with a buffer holding the candidates' counts followed by the storage
    /// nodes'.
    private mutating func appendStorageCounts(_ storageCounts: [Int32]) {
        let combined = UnsafeMutablePointer<Int32>.allocate(capacity: nodeCount)
        combined.initialize(from: refs, count: candidateCount)
        for (offset, count) in storageCounts.enumerated() {
            // A temporary storage node (count 0, never referenced) has no edges either way.
            combined[candidateCount + offset] = count
        }
        refs.deallocate()
        refs = combined
    }
}
