/// An object that died on another thread, as recorded by `Heap.deferUntrack`: its slot word
/// at that moment, and its (freed) address, used only as an identity.
struct DeferredUntrack {
    var slot: UInt32
    var address: UnsafeMutableRawPointer
}
