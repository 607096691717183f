/// The references among one set of tracked objects, the candidates, and the working counts
/// the collector derives from them: CPython's `update_refs` and `subtract_refs`, shared by
/// collections, the resurrection check and the dry run (`Heap.unreachableObjects()`).
///
/// Nodes are numbered: the candidates first, `0..<candidateCount`, then the storage nodes
/// (see ``StorageNode``) the candidates' `traverse` reported, from `candidateCount` on. Each
/// node has a working count, its strong retain count less the references the scan found to
/// it from other nodes; a count above zero means a reference from outside the set. The
/// references from candidates are kept as compressed sparse rows (`edgeStarts`, `edges`), so
/// the rescue pass walks arrays instead of calling `traverse` again (in Swift every `traverse`
/// call retains and releases each reference it reports); the references from storage nodes,
/// which are few, are kept as a list of pairs.
///
/// Candidates whose deinitialization has begun, and candidates with a property in the middle
/// of a write (a formal access in progress on this thread), are never traversed: they count as
/// referenced from outside, so they, and everything they reach, survive the scan.
///
/// A scan owns manually allocated memory: call ``deallocate()`` once when done.
struct ReferenceScan {
    /// The candidates' addresses (not owned, not retained).
    let objects: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    let candidateCount: Int

    /// Working counts: `candidateCount` entries, and after the subtraction one per storage
    /// node as well (the buffer is replaced then).
    var refs: UnsafeMutablePointer<Int32>
    /// Where each candidate's references start in `edges`; `candidateCount + 1` entries.
    let edgeStarts: UnsafeMutablePointer<Int32>
    /// The references from candidates to nodes, by candidate.
    var edges: EdgeBuffer
    /// The storage nodes, and the references from them to nodes.
    var storages: [StorageNode] = []
    var storageEdges: [(source: Int32, target: Int32)] = []
    /// Candidates not traversed (deinitializing, or with a property being written), ascending.
    var untraversed: [Int] = []

    /// The working count given to a candidate that counts as referenced from outside: high
    /// enough that no number of references subtracted takes it to zero.
    static let referencedFromOutside: Int32 = 1 << 29

    /// The number of nodes: candidates and storage nodes.
    var nodeCount: Int { candidateCount + storages.count }

    init(objects: UnsafeMutablePointer<UnsafeMutableRawPointer?>, count: Int) {
        self.objects = objects
        candidateCount = count
        refs = .allocate(capacity: Swift.max(count, 1))
        edgeStarts = .allocate(capacity: count + 1)
        edges = EdgeBuffer(initialCapacity: count * 2)
    }

    /// Frees the scan's memory; `edges` stays allocated when `keepingEdgeMemory` (its memory
    /// was handed on with `EdgeBuffer.reuseMemory`).
    func deallocate(keepingEdgeMemory: Bool = false) {
        refs.deallocate()
        edgeStarts.deallocate()
        if !keepingEdgeMemory { edges.deallocate() }
    }

    /// The object at candidate index `index`.
    @inline(__always)
    func address(of index: Int) -> UnsafeMutableRawPointer {
        objects[index].unsafelyUnwrapped
    }

    // MARK: - Counts

    /// Sets each candidate's working count to its strong retain count, less `ownReferences`
    /// (references the caller itself holds to every candidate), and marks the candidates that
    /// must not be traversed: those being deinitialized, and those whose storage a formal
    /// access in progress on this thread is reading or writing.
    mutating func copyCounts(less ownReferences: Int = 0) {
        for index in 0..<candidateCount {
            let state = RuntimeShims.referenceCountState(of: address(of: index))
            if state.isDeinitializing {
                refs[index] = Self.referencedFromOutside
                untraversed.append(index)
            } else {
                refs[index] = Int32(clamping: state.strongCount - ownReferences)
            }
        }
        markObjectsBeingAccessed()
    }

    /// Candidates that contain the address of a formal access in progress on this thread are
    /// in the middle of a read or write of one of their properties: calling their `traverse`
    /// would read that property during the write (which debug builds stop as a simultaneous
    /// access). They count as referenced from outside instead.
    private mutating func markObjectsBeingAccessed() {
        guard let accesses = RuntimeShims.inProgressAccessAddresses(), !accesses.isEmpty else { return }
        var marked = false
        for index in 0..<candidateCount where refs[index] != Self.referencedFromOutside {
            if Self.isBeingAccessed(address(of: index), accesses: accesses) {
                refs[index] = Self.referencedFromOutside
                untraversed.append(index)
                marked = true
            }
        }
        if marked { untraversed.sort() }
    }

    /// Whether one of `accesses` (the addresses of the formal accesses in progress on this
    /// thread) lies in the stored properties of the tracked object at `object`: its `traverse`
    /// would then read a property in the middle of a read or write.
    static func isBeingAccessed(_ object: UnsafeMutableRawPointer, accesses: [UInt]) -> Bool {
        let start = UInt(bitPattern: object)
        // No object is larger than 1 MiB of stored properties in practice; the exact instance
        // size (a metadata read) is only needed near an access.
        guard accesses.contains(where: { $0 >= start && $0 - start < 1 << 20 }) else { return false }
        let type = Unmanaged<GCObject>.fromOpaque(object)._withUnsafeGuaranteedRef { Swift.type(of: $0) }
        let size = UInt(RuntimeShims.instanceSize(of: type))
        return accesses.contains { $0 >= start && $0 - start < size }
    }

    /// The working counts of the candidates, widened (for the trace hook).
    func candidateCounts() -> [Int] {
        (0..<candidateCount).map { Int(refs[$0]) }
    }

    /// Whether some working count went below zero: some `traverse` reported a reference that
    /// does not exist.
    func hasOverReport() -> Bool {
        (0..<nodeCount).contains { refs[$0] < 0 }
    }

    /// In one pass over the counts after the subtraction: how many candidates have a count of
    /// zero (the garbage, before the rescue), and whether some count went below zero.
    func zeroCountsAndOverReport() -> (zeros: Int, overReported: Bool) {
        // Branch-free: cheaper than testing each count.
        var zeros = 0
        var lowest: Int32 = 0
        for index in 0..<candidateCount {
            let count = refs[index]
            zeros &+= count == 0 ? 1 : 0
            lowest = Swift.min(lowest, count)
        }
        var negative = lowest < 0
        if !negative, !storages.isEmpty {
            negative = (candidateCount..<nodeCount).contains { refs[$0] < 0 }
        }
        return (zeros, negative)
    }

    /// The references between candidates, for the trace hook.
    func candidateReferences() -> [(source: Int, target: Int)] {
        var references: [(source: Int, target: Int)] = []
        for source in 0..<candidateCount {
            for edge in Int(edgeStarts[source])..<Int(edgeStarts[source + 1]) where Int(edges[edge]) < candidateCount {
                references.append((source, Int(edges[edge])))
            }
        }
        return references
    }
}
