internal import CReclaimShims

extension RuntimeShims {
    /// The strong retain count of a native Swift object and whether its deinitialization has
    /// begun, from one read of its reference-count word when the word is inline.
    ///
    /// Layout (Swift 6.3.1, `RefCountBitOffsets<8>` in `RefCount.h`, 64-bit Linux): the word at
    /// byte offset 8 of the object holds, from bit 0, `PureSwiftDealloc` (1 bit), the unowned
    /// count (31 bits), `IsDeiniting` (bit 32), the strong *extra* count (bits 33–62) and
    /// `UseSlowRC` (bit 63). When `UseSlowRC` is set (the object has a side table because it is
    /// weakly referenced, or it is immortal) the counts live elsewhere and the runtime is asked
    /// (`swift_retainCount`, `swift_isDeallocating`). The strong count is the extra count plus
    /// one, as `swift_retainCount` reports it; an object whose `deinit` is running reads 1.
    /// `RuntimeProbes` checks the decoding against the runtime before it is used; until then,
    /// and on other platforms, the runtime is always asked.
    ///
    /// - Complexity: O(1): one load, or two runtime calls for objects with a side table.
    @inline(__always)
    package static func referenceCountState(of object: UnsafeRawPointer) -> (strongCount: Int, isDeinitializing: Bool) {
        let word = reclaim_refcount_word(object)
        if word >> 63 == 0 { return (strongCount(decoding: word), word & (1 << 32) != 0) }
        let mutableObject = UnsafeMutableRawPointer(mutating: object)
        return (retainCount(mutableObject), isDeallocating(mutableObject))
    }

    /// The strong retain count of a native Swift object, as `referenceCountState(of:)` reads it
    /// but without asking whether it is deinitializing: one load when the counts are inline,
    /// two when they live in a side table (the object is weakly referenced), one runtime call
    /// (`swift_retainCount`) otherwise (an immortal object) or while the layouts are not
    /// verified.
    ///
    /// Side-table layout (Swift 6.3.1 `RefCount.h`, 64-bit): an inline word with `UseSlowRC`
    /// (bit 63) and `SideTableMark` (bit 62) set holds the table's address shifted right by 3;
    /// the table's count word, at byte offset 16 (after the object pointer, aligned to two
    /// words), has the inline word's layout, so the strong extra count is bits 33–62 there
    /// too (`reclaim_side_table_refcount_address`). `RuntimeProbes` checks this against
    /// `swift_retainCount` before it is used.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    package static func strongCount(of object: UnsafeRawPointer) -> Int {
        let word = reclaim_refcount_word(object)
        if word >> 63 == 0 { return strongCount(decoding: word) }
        if word >> 62 == 0b11 {
            let tableWord = reclaim_side_table_refcount_word(word)
            if tableWord != .max { return strongCount(decoding: tableWord) }
        }
        return retainCount(UnsafeMutableRawPointer(mutating: object))
    }

    /// Starts loading what `strongCount(of:)` will read for `object`: its side table, when its
    /// counts live in one (the layout `strongCount(of:)` describes). Prefetches never fault,
    /// so a stale word costs a wasted hint at most.
    @inline(__always)
    package static func prefetchReferenceCounts(of object: UnsafeRawPointer) {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            let word = object.load(fromByteOffset: 8, as: UInt64.self)
            if word >> 62 == 0b11 { reclaim_prefetch(reclaim_side_table_refcount_address(word)) }
        #endif
    }

    /// The strong count `strongCount(of:)` would read from a side table, read through an
    /// opaque call, or nil when `object` has none; for `RuntimeProbes` only.
    static func sideTableStrongCountForProbe(of object: UnsafeRawPointer) -> Int? {
        let word = reclaim_probe_refcount_word(object)
        guard word >> 62 == 0b11 else { return nil }
        return strongCount(decoding: reclaim_read_side_table_refcount_word(word))
    }

    /// The strong count a reference-count word (inline, or a side table's) holds: the strong
    /// extra count (bits 33–62) plus one, as `swift_retainCount` reports it.
    @inline(__always)
    static func strongCount(decoding word: UInt64) -> Int {
        Int(truncatingIfNeeded: (word >> 33) & 0x3FFF_FFFF) &+ 1
    }

    /// Switches `strongCount(of:)` to reading side tables directly; see `RuntimeProbes`.
    static func setSideTableWordVerified(_ verified: Bool) {
        reclaim_set_side_table_word_verified(verified)
    }

    /// Whether the inline reference-count word of a native Swift object says it has exactly one
    /// strong reference and its deinitialization has not begun. False when the counts are not
    /// inline (a side table, an immortal object such as an empty collection's singleton) or
    /// the word's layout is not verified: the caller then learns nothing.
    ///
    /// - Complexity: O(1): one load.
    @inline(__always)
    static func hasOneStrongReferenceInline(_ object: UnsafeRawPointer) -> Bool {
        // `UseSlowRC` (bit 63), the strong extra count (bits 33–62) and `IsDeiniting` (bit 32)
        // all zero; an unverified word reads all ones.
        reclaim_refcount_word(object) >> 32 == 0
    }

    /// The storage object that `value` refers to in its only word (a standard collection, or
    /// an optional of one; see `_TracedSupport.StorageReference`), if its strong retain count,
    /// read in place, is 1; `nil` for a value without storage (an optional's `nil`), for
    /// storage that has more references or is immortal (an empty collection's singleton), and
    /// where the layout is not verified.
    ///
    /// Layout (Swift 6.3.1, 64-bit Linux): the collection is one word, the address of its
    /// native storage object. An optional's `nil` is 0, and the `nil`s of the outer levels of
    /// a nested optional (`[Node]??`) are the next values below the runtime's least valid
    /// pointer (4096 on Linux): no object there.
    @inline(__always)
    static func uniqueStorage<Value>(inPlace value: inout Value) -> UnsafeRawPointer? {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            guard MemoryLayout<Value>.size == MemoryLayout<UnsafeRawPointer>.size else { return nil }
            let word = withUnsafeBytes(of: &value) { $0.load(as: UInt.self) }
            guard word >= 4096, let address = UnsafeRawPointer(bitPattern: word),
                hasOneStrongReferenceInline(address)
            else { return nil }
            return address
        #else
            // With Objective-C bridging the word may be a tagged bridge object.
            return nil
        #endif
    }

    /// Retains an unreachable object for the collection that found it: without an atomic
    /// operation when nothing but strong references refers to it.
    ///
    /// Only for the garbage of the collection in progress, from the moment the scan found it
    /// unreachable until the collection's own release (`releaseUnreachable(_:)`): nothing
    /// outside the garbage holds a strong reference to it, and the strong references inside
    /// it are all released on this thread. A non-atomic update rewrites the whole count word,
    /// though, and two kinds of reference change that word without a strong reference: a
    /// Swift `weak` reference (the object then has a side table, and a thread holding the
    /// reference can load it) and an `unowned` one (copying or dropping it updates the unowned
    /// count in the same word, from whatever thread holds it). So the update is non-atomic
    /// only when the word is inline with an unowned count of 1 (no `unowned` reference): the
    /// condition the runtime's own `swift_nonatomic_release` checks for its fast path. Every
    /// other object, and every object while the word's layout is unverified (the word then
    /// reads as a side table's), is retained atomically. Atomic operations order the memory of
    /// other threads around them, and stop the processor from overlapping the cache misses of
    /// the objects before and after; a collection makes two per unreachable object.
    ///
    /// Layout (Swift 6.3.1, `RefCount.h`, 64-bit): `UseSlowRC` is bit 63, the unowned count
    /// bits 1–31; `word & 0x8000_0000_FFFF_FFFE == 2` reads "inline, unowned count 1".
    /// Symbols: `swift_nonatomic_retain`, `swift_nonatomic_release` (libswiftCore, C calling
    /// convention). Checked on Swift 6.3.1.
    @inline(__always)
    static func retainUnreachable(_ object: UnsafeMutableRawPointer) {
        if hasOnlyStrongReferences(reclaim_refcount_word(object)) {
            _ = swift_nonatomic_retain(object)
        } else {
            _ = Unmanaged<AnyObject>.fromOpaque(object).retain()
        }
    }

    /// Releases the collection's reference to an unreachable object taken with
    /// `retainUnreachable(_:)`, under the same conditions; ARC frees the object when it was
    /// the last reference.
    @inline(__always)
    static func releaseUnreachable(_ object: UnsafeMutableRawPointer) {
        if hasOnlyStrongReferences(reclaim_refcount_word(object)) {
            swift_nonatomic_release(object)
        } else {
            Unmanaged<AnyObject>.fromOpaque(object).release()
        }
    }

    /// Whether a reference-count word is inline with an unowned count of 1: no side table (no
    /// Swift `weak` reference) and no `unowned` reference. False for an unverified word.
    @inline(__always)
    static func hasOnlyStrongReferences(_ word: UInt64) -> Bool {
        word & 0x8000_0000_FFFF_FFFE == 2
    }

    /// Switches `referenceCountState(of:)` to reading the word directly; see `RuntimeProbes`.
    static func setReferenceCountWordVerified(_ verified: Bool) {
        reclaim_set_refcount_word_verified(verified)
    }

    /// Whether the reference-count word can be read at all on this platform.
    static var readsNativeLayout: Bool {
        reclaim_reads_native_layout()
    }

    /// The raw reference-count word, read through an opaque C call, for `RuntimeProbes` only.
    static func referenceCountWordForProbe(of object: UnsafeRawPointer) -> UInt64 {
        reclaim_probe_refcount_word(object)
    }

    /// A retain and a release through opaque C calls, which the optimizer cannot move across
    /// the probe's reads; for `RuntimeProbes` only.
    static func retainForProbe(_ object: UnsafeMutableRawPointer) {
        reclaim_probe_retain(object)
    }

    static func releaseForProbe(_ object: UnsafeMutableRawPointer) {
        reclaim_probe_release(object)
    }

    /// What copying and dropping an `unowned` reference do to the counts, through opaque C
    /// calls; for `RuntimeProbes` only.
    static func unownedRetainForProbe(_ object: UnsafeMutableRawPointer) {
        reclaim_probe_unowned_retain(object)
    }

    static func unownedReleaseForProbe(_ object: UnsafeMutableRawPointer) {
        reclaim_probe_unowned_release(object)
    }
}
