internal import CReclaimShims

/// Every access Reclaim makes to Swift runtime internals and object layout goes through this
/// file (with the C declarations in `CReclaimShims`), so the ABI-sensitive surface can be
/// audited, and re-checked on a new toolchain, in one place. Ordinary POSIX calls (pthread
/// keys and mutexes) are made where they are used.
///
/// Checked on Swift 6.3.1 (swift-6.3.1-RELEASE), x86_64 Linux, debug and release builds.
@usableFromInline
enum RuntimeShims {
    /// The size of the header every native Swift object starts with: the metadata pointer and
    /// the inline reference counts (Swift 6.3.1, 64-bit platforms). `GCObject`'s own stored
    /// properties (the collector header) come right after it.
    static let swiftObjectHeaderSize = 16

    /// The strong retain count of `object`, read with the runtime's `swift_retainCount`.
    ///
    /// The runtime reports `strong extra count + 1`; unowned and weak references are not
    /// included. An object whose `deinit` is running reads 1. The call itself takes no
    /// reference: the pointer is passed unretained.
    ///
    /// Symbol: `swift_retainCount` (libswiftCore, C calling convention). Checked on Swift 6.3.1.
    @inline(__always)
    @usableFromInline
    static func retainCount(_ object: UnsafeMutableRawPointer) -> Int {
        Int(bitPattern: UInt(swift_retainCount(object)))
    }

    /// Whether `object` has started deinitialization, read with `swift_isDeallocating`.
    ///
    /// Objects in that state must never be retained again (the runtime traps), so every
    /// place that hands a tracked object back to user code checks this first.
    ///
    /// Symbol: `swift_isDeallocating` (libswiftCore, C calling convention). Checked on Swift 6.3.1.
    @inline(__always)
    static func isDeallocating(_ object: UnsafeMutableRawPointer) -> Bool {
        swift_isDeallocating(object)
    }

    /// The usable size of the heap block at `pointer`, from glibc's `malloc_usable_size`.
    ///
    /// Only valid for pointers returned by `malloc` (every Swift class instance allocated by
    /// `swift_allocObject` on Linux is). `malloc_usable_size` is not in the `Glibc` module map, so
    /// it is reached through the `CReclaimShims` C module. Checked on Swift 6.3.1, glibc 2.36.
    static func mallocUsableSize(_ pointer: UnsafeMutableRawPointer) -> Int {
        reclaim_malloc_usable_size(pointer)
    }

    /// An identifier of the calling thread (`pthread_self`), stable while the thread runs.
    @inline(__always)
    static func currentThreadID() -> UInt {
        UInt(reclaim_current_thread_id())
    }

    /// The calling thread's default heap address, from a C `_Thread_local` (one load; a
    /// `pthread_getspecific` call and a Swift global's lazy-initialization check cost more on
    /// every object allocation).
    @inline(__always)
    static var threadHeap: UnsafeMutableRawPointer? {
        get { reclaim_get_thread_heap() }
        set { reclaim_set_thread_heap(newValue) }
    }

    /// Starts loading the cache line at `address` without waiting for it.
    @inline(__always)
    static func prefetch(_ address: UnsafeRawPointer) {
        reclaim_prefetch(address)
    }

    /// Prefetches the memory that the stored properties of a live Swift object may point to.
    ///
    /// Reads up to eight pointer-sized words of the object's instance storage after `skip`
    /// bytes (bounded by the instance size in its class metadata) and prefetches 8 bytes past
    /// every value that looks like a user-space heap pointer: the reference count that a
    /// `traverse` or `clear()` about to run on this object will retain or release, and the
    /// collector header next to it. Values that are not pointers cost a wasted hint at most;
    /// prefetch instructions never fault.
    ///
    /// Layout used (Swift 6.3.1, 64-bit Linux, no Objective-C interop, checked against
    /// `_swift_getSwiftClassInstanceExtents`): an object starts with its metadata pointer; a
    /// class metadata record keeps `InstanceSize` as a 32-bit value at byte offset 24. With
    /// Objective-C interop (Apple platforms) the record is laid out differently, so there this
    /// does nothing.
    @inline(__always)
    static func prefetchReferents(of object: UnsafeMutableRawPointer, skip: Int) {
        #if os(Linux)
            let metadata = object.load(as: UnsafeRawPointer.self)
            let instanceSize = Int(metadata.load(fromByteOffset: 24, as: UInt32.self))
            let end = Swift.min(instanceSize, skip + 64)
            var offset = skip
            while offset + 8 <= end {
                let word = object.load(fromByteOffset: offset, as: UInt.self)
                if word & 7 == 0, word > 0xFFFF, word < 1 << 47,
                    let target = UnsafeRawPointer(bitPattern: word)
                {
                    reclaim_prefetch(target + 8)
                }
                offset += 8
            }
        #endif
    }

    /// The identifier of the calling thread's default heap, or 0, from a C `_Thread_local`.
    @inline(__always)
    static var threadHeapID: UInt32 {
        get { reclaim_get_thread_heap_id() }
        set { reclaim_set_thread_heap_id(newValue) }
    }

    /// Allocates the heap table once; see `HeapRegistry`.
    static func createHeapTable(capacity: Int) {
        reclaim_heap_table_create(capacity)
    }

    @inline(__always)
    static func heapTableEntry(_ id: UInt32) -> UnsafeMutableRawPointer? {
        reclaim_heap_at(id)
    }

    static func setHeapTableEntry(_ id: UInt32, _ heap: UnsafeMutableRawPointer?) {
        reclaim_heap_table_set(id, heap)
    }

    // MARK: - Overridden methods

    /// Finds the v-table entry of one `GCObject` method in class metadata: its byte offset and
    /// the base class's entry. Called once per method, before the first object is tracked
    /// (when the first heap is created).
    ///
    /// A Swift class's metadata record starts, at its address point, with: the isa/kind word,
    /// the superclass, flags, instance address point, `InstanceSize`, alignment mask, a 32-bit
    /// `ClassSize` at byte offset 32 and a 32-bit `ClassAddressPoint` at 36, the nominal type
    /// descriptor at 40 and the ivar destroyer at 48; the field offsets and v-table follow from
    /// offset 56, laid out identically in every subclass. Rather than decoding the type
    /// descriptor, this compares three records word by word: `base`'s, a subclass that
    /// overrides only the method, and one that overrides nothing. The single word where only
    /// the first subclass differs is the entry. Returns nil when there is not exactly one.
    /// Checked on Swift 6.3.1, x86_64 Linux, debug and release builds.
    static func locateVTableEntry(
        base: AnyClass,
        overriding: AnyClass,
        inheriting: AnyClass
    ) -> (offset: Int, baseEntry: UInt)? {
        let baseRecord = unsafeBitCast(base, to: UnsafeRawPointer.self)
        let overridingRecord = unsafeBitCast(overriding, to: UnsafeRawPointer.self)
        let inheritingRecord = unsafeBitCast(inheriting, to: UnsafeRawPointer.self)
        let classSize = Int(baseRecord.load(fromByteOffset: 32, as: UInt32.self))
        let addressPoint = Int(baseRecord.load(fromByteOffset: 36, as: UInt32.self))
        let end = classSize - addressPoint
        var found: [Int] = []
        var offset = 56
        while offset + 8 <= end {
            let entry = baseRecord.load(fromByteOffset: offset, as: UInt.self)
            if overridingRecord.load(fromByteOffset: offset, as: UInt.self) != entry,
                inheritingRecord.load(fromByteOffset: offset, as: UInt.self) == entry
            {
                found.append(offset)
            }
            offset += 8
        }
        guard found.count == 1, let slot = found.first else { return nil }
        return (slot, baseRecord.load(fromByteOffset: slot, as: UInt.self))
    }

    /// Records the v-table entry of `GCObject.finalize()` for `overridesFinalize`. If it was not
    /// found, every class is treated as overriding `finalize()` (correct, just slower).
    static func setFinalizeEntry(offset: Int, baseEntry: UInt) {
        reclaim_set_finalize_entry(offset, baseEntry)
    }

    /// Records the v-table entry of `GCObject.traverse(_:)` for `overridesTraverse`. If it was not
    /// found, every class is treated as overriding `traverse(_:)`: every object is tracked.
    static func setTraverseEntry(offset: Int, baseEntry: UInt) {
        reclaim_set_traverse_entry(offset, baseEntry)
    }

    /// Whether the class of `object` overrides `GCObject.traverse(_:)`: one load from its class
    /// metadata and a compare (see `locateVTableEntry`). A class that does not can never report
    /// a reference, so its instances can never be part of a cycle the collector sees.
    @inline(__always)
    static func overridesTraverse(_ object: UnsafeRawPointer) -> Bool {
        reclaim_overrides_traverse(object)
    }

    // MARK: - Finalization on release

    /// Whether the class of `object` overrides `GCObject.finalize()`: one load from its class
    /// metadata and a compare (see `locateVTableEntry`).
    @inline(__always)
    static func overridesFinalize(_ object: UnsafeRawPointer) -> Bool {
        reclaim_overrides_finalize(object)
    }

    /// Makes ARC run `hook` with every instance of `object`'s class that it frees, right before
    /// the class's deallocating `deinit`, so `finalize()` sees the object whole.
    ///
    /// Swift frees an object whose strong count reaches zero by calling the `destroy` function
    /// stored 16 bytes before its class metadata's address point (`HeapMetadataHeader`; the
    /// value witness table is at -8, the layout string at -24). That pointer is replaced, once
    /// per class, by a C trampoline (Swift calling convention, the object in the context
    /// register, as `HeapObjectDestroyer` declares) that calls `hook` and then the original
    /// function, found in a lock-free table keyed by metadata address. Class metadata is
    /// writable: the compiler emits full metadata records in `.data` (checked with `nm` and
    /// `readelf` on Swift 6.3.1, x86_64 Linux), and generic instantiations are allocated by the
    /// runtime. Objects allocated on the stack by the optimizer skip `destroy`, but tracked
    /// objects never are: `GCObject.init` passes `self` to the heap, so it escapes.
    ///
    /// - Returns: false when the table of 32 768 classes is full.
    static func runHookOnRelease(
        of object: UnsafeRawPointer,
        hook: @convention(c) (UnsafeMutableRawPointer) -> Void
    ) -> Bool {
        reclaim_install_finalizing_destroy(object, hook)
    }

    /// Whether `runHookOnRelease` already applies to the class of `object`: one load.
    @inline(__always)
    static func runsHookOnRelease(_ object: UnsafeRawPointer) -> Bool {
        reclaim_class_finalizes_on_release(object)
    }
}
