import Reclaim

extension ReferenceGraph {
    /// The graph of the tracked objects of `heap` and the references among them that their
    /// `traverse` reports, plus `extras` (objects the caller asks about, tracked or not:
    /// references to them are counted, theirs are not listed), with the referrer index built.
    ///
    /// - Complexity: O(*n* + *e*) in the tracked objects and the references they report.
    package init(tracking heap: Heap, adding extras: [UnsafeMutableRawPointer] = []) {
        var objects = Self.trackedAddresses(of: heap)
        let trackedCount = objects.count
        var known = Set(objects)
        for extra in extras where known.insert(UnsafeRawPointer(extra)).inserted {
            objects.append(UnsafeRawPointer(extra))
        }
        let unnamed = ReferenceLabel.named("")
        self.init(
            objects: objects,
            kind: { _ in .classInstance },
            references: { position, address, visit in
                guard position < trackedCount else { return 0 }
                Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { object in
                    object.traverse { referent in
                        visit(UnsafeRawPointer(Unmanaged.passUnretained(referent).toOpaque()), unnamed)
                    }
                }
                return 0
            }
        )
        indexReferrers()
    }

    /// The tracked object of `node` (a graph built from tracked objects only).
    package func object(at node: Int) -> GCObject {
        Unmanaged<GCObject>.fromOpaque(objects[node]).takeUnretainedValue()
    }

    /// The node of `object`, if it is in the graph.
    package func node(of object: GCObject) -> Int? {
        node(of: UnsafeRawPointer(Unmanaged.passUnretained(object).toOpaque()))
    }

    /// The strong retain count of the object at `address`, read without retaining it.
    package static func retainCount(of address: UnsafeRawPointer) -> Int {
        RuntimeShims.referenceCountState(of: address).strongCount
    }

    /// The addresses of the tracked objects of `heap`; the strong references that listing them
    /// takes are released before this returns.
    @inline(never)
    private static func trackedAddresses(of heap: Heap) -> [UnsafeRawPointer] {
        heap.objects().map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) }
    }
}
