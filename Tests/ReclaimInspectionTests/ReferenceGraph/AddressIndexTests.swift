import Testing

@testable import ReclaimInspection

/// Both layouts of the index: direct by address for objects close together, hashed otherwise.
@Suite struct AddressIndexTests {
    static func addresses(start: UInt, step: UInt, count: Int) -> [UnsafeRawPointer] {
        (0..<UInt(count)).map { UnsafeRawPointer(bitPattern: start + $0 * step)! }
    }

    @Test(arguments: [UInt(48), 64, 1 << 20, 24])
    func everyAddressMapsToItsNodeAndCountsItsReferences(step: UInt) {
        let addresses = Self.addresses(start: 0x10_0000_0000, step: step, count: 5_000)
        let index = AddressIndex(for: addresses)
        for (node, address) in addresses.enumerated() { #expect(index.insert(address, node: Int32(node))) }
        #expect(!index.insert(addresses[7], node: 99), "an address is added once")
        for (node, address) in addresses.enumerated() where node % 7 == 0 {
            #expect(index.node(of: address) == Int32(node))
            #expect(index.countReference(to: UInt(bitPattern: address)) == Int32(node))
            #expect(index.countReference(to: UInt(bitPattern: address)) == Int32(node))
        }
        #expect(index.referenceCount(of: addresses[14]) == 2)
        #expect(index.referenceCount(of: addresses[15]) == 0)
        let outside = UnsafeRawPointer(bitPattern: 0x10_0000_0000 + step * 5_000 + 16)!
        #expect(index.node(of: outside) == -1)
        #expect(index.countReference(to: UInt(bitPattern: outside)) == -1)
        #expect(index.node(of: UnsafeRawPointer(bitPattern: 0x10_0000_0008)!) == -1)
    }
}
