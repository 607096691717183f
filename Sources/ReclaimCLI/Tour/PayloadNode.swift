import Reclaim

/// A node with a partner and a buffer of bytes: two of them that are each other's partner
/// make a garbage cycle that holds memory.
final class PayloadNode: GCObject {
    var partner: PayloadNode?
    let payload: [UInt8]

    init(payloadBytes: Int) {
        payload = [UInt8](repeating: 0, count: payloadBytes)
        super.init()
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        report(partner, to: visit)
    }

    override func clear() {
        partner = nil
    }
}
