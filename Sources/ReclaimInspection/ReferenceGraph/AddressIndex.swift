internal import CReclaimShims
import Reclaim

#if canImport(Glibc)
    internal import Glibc
#endif

/// A map from object address to node number for `ReferenceGraph`, with a reference count
/// next to each node (one cache line for both: every reference is looked up and counted here,
/// so this is the graph's innermost loop).
///
/// Objects that lie close together (a span of at most eight slots per object, as the objects
/// of one program phase usually are) are indexed directly by address, in steps of the largest
/// power of two (at least 16 bytes, glibc's malloc alignment on 64-bit) that separates them
/// all: no hashing and no probing, and inserting them in address order writes the table in
/// order. Otherwise, open addressing with linear probing
/// on a multiplicative hash. `Dictionary` would hash each address with SipHash.
final class AddressIndex {
    private struct Entry {
        var key: UInt
        var node: Int32
        /// References to this node counted with `countReference(to:)`.
        var references: Int32
    }

    /// A dense slot: the node plus one (0: no object there), so that a table of zeros, which
    /// `calloc` maps without writing it, is an empty one.
    private struct DenseEntry {
        var nodePlusOne: Int32
        var references: Int32
    }

    /// The hashed table, or empty when the dense one is used.
    private let entries: UnsafeMutableBufferPointer<Entry>
    private let mask: Int
    /// The dense table, indexed by `(address - base) >> shift`, or empty.
    private let dense: UnsafeMutableBufferPointer<DenseEntry>
    private let base: UInt
    /// The step between slots of the dense table, as a power of two: at least 16 bytes, more
    /// when every object lies a multiple of more from the others (objects of one size
    /// allocated in a row).
    private let shift: Int
    private let isDense: Bool

    /// An index with room for `addresses` (which it does not insert).
    init(for addresses: [UnsafeRawPointer]) {
        var low = UInt.max
        var high: UInt = 0
        var aligned = true
        let first = addresses.first.map { UInt(bitPattern: $0) } ?? 0
        var differences: UInt = 0
        for address in addresses {
            let value = UInt(bitPattern: address)
            low = Swift.min(low, value)
            high = Swift.max(high, value)
            aligned = aligned && value & 15 == 0
            differences |= value &- first
        }
        let shift = Swift.max(4, Swift.min(differences == 0 ? 4 : differences.trailingZeroBitCount, 12))
        self.shift = shift
        let slots = addresses.isEmpty ? 0 : Int((high - low) >> shift) + 1
        let table =
            aligned && slots <= 8 * addresses.count + 4096 ? calloc(slots, MemoryLayout<DenseEntry>.stride) : nil
        isDense = table != nil && !addresses.isEmpty
        if isDense, let table {
            base = low
            dense = UnsafeMutableBufferPointer(
                start: table.bindMemory(to: DenseEntry.self, capacity: slots),
                count: slots
            )
            entries = .allocate(capacity: 0)
            mask = 0
        } else {
            var capacity = 16
            while capacity < addresses.count * 2 { capacity *= 2 }
            entries = .allocate(capacity: capacity)
            entries.initialize(repeating: Entry(key: 0, node: -1, references: 0))
            mask = capacity - 1
            if let table { free(table) }
            dense = .allocate(capacity: 0)
            base = 0
        }
    }

    deinit {
        entries.deallocate()
        if isDense { free(dense.baseAddress) } else { dense.deallocate() }
    }

    @inline(__always)
    private func slot(_ key: UInt) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The dense slot of `key`, or nil when it is outside the table or between slots.
    @inline(__always)
    private func denseSlot(_ key: UInt) -> Int? {
        let offset = key &- base
        guard key >= base, offset & (1 << shift &- 1) == 0 else { return nil }
        let slot = Int(truncatingIfNeeded: offset >> shift)
        return slot < dense.count ? slot : nil
    }

    /// Records `node` for `address` unless the address is already there; returns whether it
    /// was added. Only addresses the index was made for may be added.
    @discardableResult
    @inline(__always)
    func insert(_ address: UnsafeRawPointer, node: Int32) -> Bool {
        let key = UInt(bitPattern: address)
        if isDense {
            guard let slot = denseSlot(key), dense[slot].nodePlusOne == 0 else { return false }
            dense[slot].nodePlusOne = node + 1
            return true
        }
        var slot = slot(key)
        while entries[slot].key != 0 {
            if entries[slot].key == key { return false }
            slot = (slot + 1) & mask
        }
        entries[slot] = Entry(key: key, node: node, references: 0)
        return true
    }

    /// Starts loading the slot where `address` would be, for a lookup soon after.
    @inline(__always)
    func prefetch(_ address: UInt) {
        if isDense {
            if let slot = denseSlot(address) { reclaim_prefetch(dense.baseAddress! + slot) }
        } else {
            reclaim_prefetch(entries.baseAddress! + slot(address))
        }
    }

    /// Counts one reference to the object at `key`, if it is in the index, next to its node;
    /// returns the node, or -1.
    @inline(__always)
    func countReference(to key: UInt) -> Int32 {
        if isDense {
            guard let slot = denseSlot(key) else { return -1 }
            let node = dense[slot].nodePlusOne - 1
            if node >= 0 { dense[slot].references &+= 1 }
            return node
        }
        var slot = slot(key)
        while true {
            let entry = entries[slot]
            if entry.key == key {
                entries[slot].references &+= 1
                return entry.node
            }
            if entry.key == 0 { return -1 }
            slot = (slot + 1) & mask
        }
    }

    /// The references counted to the object at `address` (0 if it is not in the index).
    @inline(__always)
    func referenceCount(of address: UnsafeRawPointer) -> Int {
        let key = UInt(bitPattern: address)
        if isDense {
            guard let slot = denseSlot(key), dense[slot].nodePlusOne > 0 else { return 0 }
            return Int(dense[slot].references)
        }
        var slot = slot(key)
        while true {
            let entry = entries[slot]
            if entry.key == key { return Int(entry.references) }
            if entry.key == 0 { return 0 }
            slot = (slot + 1) & mask
        }
    }

    /// The node of `address`, or -1.
    @inline(__always)
    func node(of address: UnsafeRawPointer) -> Int32 {
        node(ofAddress: UInt(bitPattern: address))
    }

    /// The node of the object at `key`, or -1.
    @inline(__always)
    func node(ofAddress key: UInt) -> Int32 {
        if isDense {
            guard let slot = denseSlot(key) else { return -1 }
            return dense[slot].nodePlusOne - 1
        }
        var slot = slot(key)
        while true {
            let entry = entries[slot]
            if entry.key == key { return entry.node }
            if entry.key == 0 { return -1 }
            slot = (slot + 1) & mask
        }
    }
}
