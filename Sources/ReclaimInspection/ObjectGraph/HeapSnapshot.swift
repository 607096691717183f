import Reclaim

/// The references among a heap's tracked objects at one moment, indexed by referent, with the
/// number of references each object has from outside the tracked heap.
///
/// A snapshot holds no strong reference to any object, so the retain counts it reads are not
/// inflated by it; its addresses stay valid only while the graph does not change. Nodes are
/// the heap's tracked objects that are not frozen, in ``Heap/objects(generation:)`` order,
/// followed by any extra objects the caller asked for (which are not traversed: their
/// references are not known to the collector, or are frozen, and count as outside ones).
package struct HeapSnapshot {
    /// The object at each node.
    package let addresses: [UnsafeMutableRawPointer]
    /// For each node, its strong retain count minus the references that other nodes'
    /// `traverse` reports to it: the collector's notion of references from outside.
    package let externalCounts: [Int]

    private let indexByAddress: [UnsafeMutableRawPointer: Int]
    private let referrerStarts: [Int]
    private let referrerNodes: [Int]

    /// Takes a snapshot of `heap`, with `extras` added as nodes if they are not tracked by it.
    ///
    /// - Complexity: O(*n* + *e*) in the tracked objects and the references they report.
    package init(of heap: Heap, adding extras: [UnsafeMutableRawPointer] = []) {
        var addresses = Self.trackedAddresses(of: heap)
        let trackedCount = addresses.count
        var indexByAddress: [UnsafeMutableRawPointer: Int] = [:]
        indexByAddress.reserveCapacity(trackedCount + extras.count)
        for (index, address) in addresses.enumerated() {
            indexByAddress[address] = index
        }
        for address in extras where indexByAddress[address] == nil {
            indexByAddress[address] = addresses.count
            addresses.append(address)
        }
        let count = addresses.count
        var referentStarts = [Int](repeating: 0, count: count + 1)
        var referentNodes: [Int] = []
        var referrerCounts = [Int](repeating: 0, count: count)
        for index in 0..<trackedCount {
            referentStarts[index] = referentNodes.count
            Unmanaged<GCObject>.fromOpaque(addresses[index])._withUnsafeGuaranteedRef { object in
                object.traverse { referent in
                    if let target = indexByAddress[Unmanaged.passUnretained(referent).toOpaque()] {
                        referentNodes.append(target)
                        referrerCounts[target] += 1
                    }
                }
            }
        }
        for index in trackedCount...count {
            referentStarts[index] = referentNodes.count
        }
        var referrerStarts = [Int](repeating: 0, count: count + 1)
        for index in 0..<count {
            referrerStarts[index + 1] = referrerStarts[index] + referrerCounts[index]
        }
        var referrerNodes = [Int](repeating: 0, count: referentNodes.count)
        var nextSlot = referrerStarts
        for source in 0..<count {
            for edge in referentStarts[source]..<referentStarts[source + 1] {
                let target = referentNodes[edge]
                referrerNodes[nextSlot[target]] = source
                nextSlot[target] += 1
            }
        }
        externalCounts = addresses.indices.map { index in
            Self.retainCount(of: addresses[index]) - referrerCounts[index]
        }
        self.addresses = addresses
        self.indexByAddress = indexByAddress
        self.referrerStarts = referrerStarts
        self.referrerNodes = referrerNodes
    }

    /// The node of `object`, or `nil` if it is neither tracked nor an extra.
    package func node(of object: GCObject) -> Int? {
        indexByAddress[Unmanaged.passUnretained(object).toOpaque()]
    }

    /// The node of the object at `address`, or `nil` if it is neither tracked nor an extra.
    package func node(ofAddress address: UnsafeMutableRawPointer) -> Int? {
        indexByAddress[address]
    }

    /// The nodes whose `traverse` reports `node`, once per reported reference, in node order.
    package func referrers(of node: Int) -> ArraySlice<Int> {
        referrerNodes[referrerStarts[node]..<referrerStarts[node + 1]]
    }

    /// The object at `node`, as a strong reference.
    package func object(at node: Int) -> GCObject {
        Unmanaged<GCObject>.fromOpaque(addresses[node]).takeUnretainedValue()
    }

    /// The strong retain count of the object at `address`, read without retaining it.
    package static func retainCount(of address: UnsafeMutableRawPointer) -> Int {
        Unmanaged<GCObject>.fromOpaque(address)._withUnsafeGuaranteedRef { GC.refcount(of: $0) }
    }

    /// The addresses of the tracked objects of `heap`; the strong references that listing them
    /// takes are released before this returns.
    @inline(never)
    private static func trackedAddresses(of heap: Heap) -> [UnsafeMutableRawPointer] {
        heap.objects().map { Unmanaged.passUnretained($0).toOpaque() }
    }
}
