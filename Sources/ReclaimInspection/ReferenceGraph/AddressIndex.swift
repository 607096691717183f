import Reclaim

/// A map from object address to node number for `ReferenceGraph`: open addressing with linear
/// probing on a multiplicative hash, each key next to its value in one flat buffer. A graph
/// looks every reference up here, so this is its innermost loop; `Dictionary` would hash each
/// address with SipHash, and separate key and value arrays would cost two cache misses.
final class AddressIndex {
    private struct Entry {
        var key: UInt
        var node: Int32
        /// References to this node counted with `countReference(to:)`.
        var references: Int32
    }

    private let entries: UnsafeMutableBufferPointer<Entry>
    private let mask: Int

    /// An index with room for `count` addresses.
    init(capacity count: Int) {
        var capacity = 16
        while capacity < count * 2 { capacity *= 2 }
        entries = .allocate(capacity: capacity)
        entries.initialize(repeating: Entry(key: 0, node: -1, references: 0))
        mask = capacity - 1
    }

    deinit {
        entries.deallocate()
    }

    @inline(__always)
    private func slot(_ key: UInt) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// Records `node` for `address` unless the address is already there; returns whether it
    /// was added. At most the capacity given at creation may be added.
    @discardableResult
    func insert(_ address: UnsafeRawPointer, node: Int32) -> Bool {
        let key = UInt(bitPattern: address)
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
        RuntimeShims.prefetch(UnsafeRawPointer(entries.baseAddress! + slot(address)))
    }

    /// The node of `address`, or -1.
    @inline(__always)
    func node(of address: UnsafeRawPointer) -> Int32 {
        node(ofAddress: UInt(bitPattern: address))
    }

    /// Counts one reference to the object at `key`, if it is in the index, next to its node
    /// (one cache line for both); returns the node, or -1.
    @inline(__always)
    func countReference(to key: UInt) -> Int32 {
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
        var slot = slot(key)
        while true {
            let entry = entries[slot]
            if entry.key == key { return Int(entry.references) }
            if entry.key == 0 { return 0 }
            slot = (slot + 1) & mask
        }
    }

    /// The node of the object at `key`, or -1.
    @inline(__always)
    func node(ofAddress key: UInt) -> Int32 {
        var slot = slot(key)
        while true {
            let entry = entries[slot]
            if entry.key == key { return entry.node }
            if entry.key == 0 { return -1 }
            slot = (slot + 1) & mask
        }
    }
}
