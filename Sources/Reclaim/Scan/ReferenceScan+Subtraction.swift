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
    /// reading referents scattered across memory overlap instead of stalling one by one.
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
        var storageCounts: [Int32] = []
        var nextUntraversed = 0
        var batchStart = 0
        while batchStart < candidateCount {
            let batchEnd = Swift.min(batchStart + Self.batchSize, candidateCount)
            recorder.pointee.beginBatch()
            let outerScan = RuntimeShims.currentScan
            RuntimeShims.currentScan = UnsafeMutableRawPointer(recorder)
            for index in batchStart..<batchEnd {
                if index + Self.prefetchDistance < candidateCount {
                    RuntimeShims.prefetchReferents(
                        of: address(of: index + Self.prefetchDistance),
                        skip: GCObject.storedPropertiesOffset
                    )
                }
                if nextUntraversed < untraversed.count, untraversed[nextUntraversed] == index {
                    nextUntraversed += 1
                } else {
                    Unmanaged<GCObject>.fromOpaque(address(of: index))._withUnsafeGuaranteedRef { object in
                        object.traverse { referent in
                            let address = Unmanaged.passUnretained(referent).toOpaque()
                            RuntimeShims.prefetch(address + GCObject.headerOffset)
                            _ = recorder.pointee.referents.append(address)
                        }
                    }
                }
                batchEnds[index - batchStart] = (recorder.pointee.referents.count, recorder.pointee.markers.count)
            }
            RuntimeShims.currentScan = outerScan
            recorder.pointee.settleEnteredStorages()
            while storageCounts.count < recorder.pointee.storages.count {
                storageCounts.append(recorder.pointee.storages[storageCounts.count].count)
            }
            resolveBatch(
                batchStart..<batchEnd,
                recorder: recorder,
                batchEnds: batchEnds,
                storageCounts: &storageCounts,
                membership: membership,
                otherHeap: otherHeap
            )
            batchStart = batchEnd
        }
        edgeStarts[candidateCount] = edges.count
        storages = recorder.pointee.storages
        if !storages.isEmpty {
            appendStorageCounts(storageCounts)
        }
    }

    /// Attributes the referents of one batch to the nodes that hold them and lowers their
    /// targets' counts.
    private mutating func resolveBatch<Membership: CandidateMembership>(
        _ batch: Range<Int>,
        recorder: UnsafeMutablePointer<ScanRecorder>,
        batchEnds: UnsafeMutablePointer<(referents: Int, markers: Int)>,
        storageCounts: inout [Int32],
        membership: Membership,
        otherHeap: ((_ source: UnsafeMutableRawPointer, _ target: GCObject) -> Void)?
    ) {
        let referents = recorder.pointee.referents
        var position = 0
        var marker = 0
        for index in batch {
            edgeStarts[index] = edges.count
            let (end, markerEnd) = batchEnds[index - batch.lowerBound]
            if marker == markerEnd {
                // The common case: every referent is held by the candidate itself.
                while position < end {
                    let referent = referents[position].unsafelyUnwrapped
                    position += 1
                    Unmanaged<GCObject>.fromOpaque(referent)._withUnsafeGuaranteedRef { object in
                        let target = membership.index(of: object)
                        if target >= 0 {
                            refs[Int(target)] &-= 1
                            edges.append(target)
                        } else if let otherHeap, object.gcHeapID != 0 {
                            otherHeap(address(of: index), object)
                        }
                    }
                }
                continue
            }
            var owners: [Int32] = []
            var owner = Int32(truncatingIfNeeded: index)
            while true {
                let stop = marker < markerEnd ? Int(recorder.pointee.markers[marker].position) : end
                while position < stop {
                    let referent = referents[position].unsafelyUnwrapped
                    position += 1
                    Unmanaged<GCObject>.fromOpaque(referent)._withUnsafeGuaranteedRef { object in
                        let target = membership.index(of: object)
                        if target >= 0 {
                            addReference(from: owner, to: target, storageCounts: &storageCounts, recorder: recorder)
                        } else if let otherHeap, object.gcHeapID != 0 {
                            otherHeap(address(of: index), object)
                        }
                    }
                }
                guard marker < markerEnd else { break }
                let code = recorder.pointee.markers[marker].code
                marker += 1
                if code == StorageMarker.exitCode {
                    owner = owners.removeLast()
                } else if code >= 0 {
                    let node = Int32(truncatingIfNeeded: candidateCount) + code
                    addReference(from: owner, to: node, storageCounts: &storageCounts, recorder: recorder)
                    owners.append(owner)
                    owner = node
                } else {
                    let node = Int32(truncatingIfNeeded: candidateCount) - code - 2
                    addReference(from: owner, to: node, storageCounts: &storageCounts, recorder: recorder)
                }
            }
        }
    }

    /// Records a reference between two nodes and lowers the target's count, unless either end
    /// is a temporary storage node (one nothing held once `traverse` returned).
    @inline(__always)
    private mutating func addReference(
        from source: Int32,
        to target: Int32,
        storageCounts: inout [Int32],
        recorder: UnsafeMutablePointer<ScanRecorder>
    ) {
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
