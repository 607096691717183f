internal import CReclaimShims

/// Every access Reclaim makes to Swift runtime internals and object layout goes through this
/// file (with the C declarations in `CReclaimShims`), so the ABI-sensitive surface can be
/// audited, and re-checked on a new toolchain, in one place. Ordinary POSIX calls (pthread
/// keys and mutexes) are made where they are used.
///
/// Checked on Swift 6.3.1 (swift-6.3.1-RELEASE), x86_64 Linux, debug and release builds.
@usableFromInline
package enum RuntimeShims {
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
    package static func retainCount(_ object: UnsafeMutableRawPointer) -> Int {
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

    /// The bytes of the heap block holding the native Swift object at `object`: the
    /// allocator's usable size (`malloc_usable_size`), or `nil` when the object does not live
    /// in a malloc block.
    ///
    /// Objects the compiler emits statically (in release builds, a global `let` array literal;
    /// the standard library's empty array, dictionary and set singletons) live in the data
    /// segment of an image, and `malloc_usable_size` must never see them (undefined behaviour):
    /// `dladdr` tells them apart first (≈0.1 µs). Checked on Swift 6.3.1, glibc 2.36.
    package static func heapBlockSize(ofObjectAt object: UnsafeRawPointer) -> Int? {
        if reclaim_is_in_loaded_image(object) { return nil }
        return reclaim_malloc_usable_size(UnsafeMutableRawPointer(mutating: object))
    }

    /// The instance size recorded in the metadata of the Swift class `type`: the 16-byte
    /// object header plus every stored property of the class and its superclasses, as
    /// `swift_allocObject` requests it from `malloc`.
    ///
    /// Layout: class metadata without Objective-C interop stores `InstanceSize` as a `UInt32`
    /// at byte offset 24 (the same value `_swift_getSwiftClassInstanceExtents` returns).
    /// Checked on Swift 6.3.1, x86_64 Linux. Elsewhere the runtime function is asked.
    package static func instanceSize(of type: AnyClass) -> Int {
        let metadata = unsafeBitCast(type, to: UnsafeRawPointer.self)
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            return Int(metadata.load(fromByteOffset: 24, as: UInt32.self))
        #else
            return runtimeInstanceSize(of: type)
        #endif
    }

    /// The instance size of the Swift object at `address` (see `instanceSize(of:)`), read from
    /// the metadata its header's first word points at (no Objective-C `isa` on Linux). Checked
    /// on Swift 6.3.1, x86_64 Linux; elsewhere the runtime function is asked.
    @inline(__always)
    static func instanceSize(ofObjectAt address: UnsafeRawPointer) -> Int {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            return Int(address.load(as: UnsafeRawPointer.self).load(fromByteOffset: 24, as: UInt32.self))
        #else
            return runtimeInstanceSize(of: type(of: Unmanaged<AnyObject>.fromOpaque(address).takeUnretainedValue()))
        #endif
    }

    /// The instance size of the Swift class `type` as the runtime reports it
    /// (`_swift_getSwiftClassInstanceExtents`), for `RuntimeProbes` and other platforms.
    static func runtimeInstanceSize(of type: AnyClass) -> Int {
        Int(reclaim_class_instance_extents_positive(unsafeBitCast(type, to: UnsafeRawPointer.self)))
    }

    /// The storage object of a standard-library collection whose whole value is one
    /// reference to it: `Array`, `ContiguousArray`, `Dictionary` and `Set` on platforms
    /// without Objective-C bridging (their empty values point at singletons inside
    /// libswiftCore). `nil` for any other layout.
    ///
    /// Checked on Swift 6.3.1, x86_64 Linux: `Array<T>` is `_ContiguousArrayBuffer<T>`, one
    /// `__ContiguousArrayStorageBase` reference; `Dictionary` and `Set` are one
    /// `__RawDictionaryStorage`/`__RawSetStorage` reference.
    @inline(__always)
    package static func storageObjectAddress<Collection>(of collection: Collection) -> UnsafeRawPointer? {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            guard MemoryLayout<Collection>.size == MemoryLayout<UnsafeRawPointer>.size else { return nil }
            return unsafeBitCast(collection, to: UnsafeRawPointer.self)
        #else
            // With Objective-C bridging the word may be a tagged bridge object.
            return nil
        #endif
    }

    /// The native storage object (`__StringStorage`) of a large string, or `nil` for small
    /// strings (stored inline), literals (immortal, in the binary) and shared or foreign
    /// storage.
    ///
    /// Layout (Swift 6.3.1, 64-bit): a `String` is two words, `countAndFlags` and the object
    /// word, whose top four bits are a discriminator that is zero for native storage and
    /// whose low 60 bits then hold the storage object's address. The address is accepted
    /// only if its metadata pointer is `__StringStorage`'s, learned once from a string built
    /// at run time.
    package static func nativeStorageAddress(of string: String) -> UnsafeRawPointer? {
        #if !(os(Linux) && (arch(x86_64) || arch(arm64)))
            // Bridged and tagged strings have other discriminators there: not verified.
            return nil
        #endif
        let words = unsafeBitCast(string, to: (UInt64, UInt64).self)
        guard words.1 >> 60 == 0, let address = UnsafeRawPointer(bitPattern: UInt(words.1 & (1 << 60 - 1))) else {
            return nil
        }
        guard let storageMetadata = stringStorageMetadata,
            UInt(bitPattern: address.load(as: UnsafeRawPointer.self)) == storageMetadata
        else { return nil }
        return address
    }

    /// The address of `__StringStorage`'s metadata, read from a string built at run time.
    private static let stringStorageMetadata: UInt? = {
        let sample = String(repeating: "reclaim", count: 8)
        let words = unsafeBitCast(sample, to: (UInt64, UInt64).self)
        guard words.1 >> 60 == 0, let address = UnsafeRawPointer(bitPattern: UInt(words.1 & (1 << 60 - 1))) else {
            return nil
        }
        return withExtendedLifetime(sample) { UInt(bitPattern: address.load(as: UnsafeRawPointer.self)) }
    }()

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

    /// The heap whose collection is clearing garbage on this thread (a C `_Thread_local`), or
    /// nil; see `PostponedCallback`.
    static var clearingHeap: UnsafeMutableRawPointer? {
        get { reclaim_get_clearing_heap() }
        set { reclaim_set_clearing_heap(newValue) }
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
        #if !(os(Linux) && (arch(x86_64) || arch(arm64)))
            // With Objective-C interop the record starts with the isa, the superclass, two
            // cache words and the data pointer: none of the offsets below hold.
            return nil
        #else
            return locateNativeVTableEntry(base: base, overriding: overriding, inheriting: inheriting)
        #endif
    }

    #if os(Linux) && (arch(x86_64) || arch(arm64))
        private static func locateNativeVTableEntry(
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
    #endif

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

    /// Whether `overridesTraverse(_:)` reads the class metadata: the probes have located
    /// `GCObject.traverse(_:)`'s entry. Until they run (with the first heap), every class
    /// counts as overriding it.
    @inline(__always)
    static var locatesTraverseEntry: Bool {
        reclaim_traverse_entry_located()
    }

    // MARK: - Existential storage

    /// Whether a value of `type` is stored inside an existential container's three-word
    /// buffer (`Any`, `any P`) rather than in a heap box that copies of the container share.
    ///
    /// Reads the `IsNonInline` bit (0x20000) of the value witness table's flags: the table
    /// pointer is the word before the type metadata's address point, and its flags are the
    /// 32-bit field at byte offset 80, after the eight value witness functions, the size and
    /// the stride. Checked on Swift 6.3.1, x86_64 Linux, against `Int`, a three-word struct
    /// (inline), a four-word struct and a struct with a `weak` property (both boxed).
    static func isStoredInlineInExistential(_ type: Any.Type) -> Bool {
        #if !(os(Linux) && (arch(x86_64) || arch(arm64)))
            // Not verified: answer as if boxed, which only leaves references unreported.
            return false
        #endif
        let metadata = unsafeBitCast(type, to: UnsafeRawPointer.self)
        let valueWitnesses = metadata.load(fromByteOffset: -8, as: UnsafeRawPointer.self)
        let flags = valueWitnesses.load(fromByteOffset: 80, as: UInt32.self)
        return flags & 0x2_0000 == 0
    }

    // MARK: - Finalization on release

    /// Whether the class of `object` overrides `GCObject.finalize()`: one load from its class
    /// metadata and a compare (see `locateVTableEntry`).
    @inline(__always)
    static func overridesFinalize(_ object: UnsafeRawPointer) -> Bool {
        reclaim_overrides_finalize(object)
    }

    /// Makes ARC run Reclaim's destroy function for every instance of `object`'s class that
    /// it frees: it counts the release in ``releaseDepth`` while the class's deinitializers run
    /// and, for a class that overrides `finalize()`, first calls `hook` so `finalize()` sees
    /// the object whole.
    ///
    /// Swift frees an object whose strong count reaches zero by calling the `destroy` function
    /// stored 16 bytes before its class metadata's address point (`HeapMetadataHeader`; the
    /// value witness table is at -8, the layout string at -24). That pointer is replaced, once
    /// per class, by a C trampoline (Swift calling convention, the object in the context
    /// register, as `HeapObjectDestroyer` declares) that runs the hook and then the original
    /// function, found in a lock-free table keyed by metadata address. Class metadata is
    /// writable: the compiler emits full metadata records in `.data` (checked with `nm` and
    /// `readelf` on Swift 6.3.1, x86_64 Linux), and generic instantiations are allocated by the
    /// runtime. Objects allocated on the stack by the optimizer skip `destroy`, but tracked
    /// objects never are: `GCObject.init` passes `self` to the heap, so it escapes.
    ///
    /// Only on 64-bit Linux (`RECLAIM_NATIVE_LAYOUT`); elsewhere it does nothing and returns
    /// false, and `RuntimeProbes` reports that `finalize()` does not run on release there.
    ///
    /// - Returns: false when the table of 32 768 classes is full or the platform is not one
    ///   whose layout Reclaim reads.
    static func installReleaseHook(
        of object: UnsafeRawPointer,
        hook: @convention(c) (UnsafeMutableRawPointer) -> Void
    ) -> Bool {
        reclaim_install_release_hook(object, hook)
    }

    /// Whether `installReleaseHook` already applies to the class of `object`: one load (always
    /// true where release hooks are not supported, so nothing tries to install one).
    @inline(__always)
    static func hasReleaseHook(_ object: UnsafeRawPointer) -> Bool {
        reclaim_class_has_release_hook(object)
    }

    /// How many releases of hooked objects (every `GCObject`) are running on the calling
    /// thread: above zero, the caller runs inside an ARC release (a `deinit`, a `finalize()` on
    /// release, or a weak reference callback or finalizer action run from one). A C
    /// `_Thread_local`, incremented and decremented by the destroy trampoline.
    @inline(__always)
    static var releaseDepth: UInt32 {
        reclaim_get_release_depth()
    }

    /// Runs `body` counted as part of a release (for weak reference callbacks that ARC's
    /// release of an untracked referent triggers outside a hooked class).
    static func withinRelease<Result>(_ body: () throws -> Result) rethrows -> Result {
        reclaim_enter_release()
        defer { reclaim_exit_release() }
        return try body()
    }
}

// MARK: - Stored property ownership (for `Heap.verify()`)

extension RuntimeShims {
    /// The stored properties of a class, struct or enum type (enum cases, for an enum) in
    /// declaration order, which is the order of its `Mirror` children, with the reference
    /// ownership each is declared with; `nil` when the type's reflection metadata is missing
    /// or does not look as expected.
    ///
    /// `Mirror` shows `weak`, `unowned` and `unowned(unsafe)` properties as ordinary values, so
    /// ownership is read from the field descriptor the compiler emits for reflection. Layout
    /// read (Swift 6.3.1, 64-bit Linux, no Objective-C interop):
    ///
    /// - Type metadata: the kind word at byte offset 0 is 0 for a native class, 0x200 for a
    ///   struct and 0x201 for an enum (0x202, optionals, and every other kind are refused).
    ///   The nominal type descriptor pointer is at byte offset 40 in class metadata (after
    ///   kind, superclass, flags, instance address point, instance size, alignment mask, class
    ///   size and class address point) and at 8 in struct and enum metadata.
    /// - Type context descriptor: 32-bit flags at 0 whose low 5 bits are the kind (16 class,
    ///   17 struct, 18 enum), the name as a 32-bit relative pointer at 8, and `Fields`, a
    ///   nullable 32-bit relative pointer to the field descriptor, at 16.
    /// - Field descriptor: mangled type name and superclass (32-bit relative pointers), a
    ///   16-bit kind at 8 (0 struct, 1 class, 2 enum, 3 multi-payload enum), a 16-bit record
    ///   size at 10 (12), a 32-bit field count at 12, then the records from 16: 32-bit flags,
    ///   the field's mangled type name and its name, both 32-bit relative pointers.
    /// - A mangled type name ends in `Xw` for `weak`, `Xo` for `unowned` and `Xu` for
    ///   `unowned(unsafe)` storage. It may contain symbolic references, whose bytes can be 0:
    ///   a byte from 0x01 to 0x17 followed by a 4-byte relative offset, or from 0x18 to 0x1F
    ///   followed by a pointer-size absolute address.
    ///
    /// Validated against `Mirror` labels and hand-written probe types (classes with
    /// superclasses, generic classes, structs, single- and multi-payload enums, private types,
    /// `lazy var` storage) on every ownership. With Objective-C interop (Apple platforms) class
    /// metadata is laid out differently, so there this returns `nil`.
    ///
    /// Checked on Swift 6.3.1, x86_64 Linux.
    static func storedFields(of type: Any.Type) -> [(name: String, ownership: FieldOwnership)]? {
        #if os(Linux)
            guard MemoryLayout<UnsafeRawPointer>.size == 8 else { return nil }
            let metadata = unsafeBitCast(type, to: UnsafeRawPointer.self)
            let descriptorOffset: Int
            let expectedDescriptorKinds: ClosedRange<UInt32>
            let expectedFieldKinds: ClosedRange<UInt16>
            switch metadata.load(as: UInt.self) {
            case 0 where type is AnyClass:
                descriptorOffset = 40
                expectedDescriptorKinds = 16...16
                expectedFieldKinds = 1...1
            case 0x200:
                descriptorOffset = 8
                expectedDescriptorKinds = 17...17
                expectedFieldKinds = 0...0
            case 0x201:
                descriptorOffset = 8
                expectedDescriptorKinds = 18...18
                expectedFieldKinds = 2...3
            default:
                return nil
            }
            guard
                let descriptor = metadata.load(fromByteOffset: descriptorOffset, as: UnsafeRawPointer?.self),
                expectedDescriptorKinds.contains(descriptor.load(as: UInt32.self) & 0x1F),
                let name = relativeCString(at: descriptor + 8), !name.isEmpty,
                _typeName(type, qualified: false).hasPrefix(name),
                let fieldDescriptor = relativeTarget(at: descriptor + 16),
                expectedFieldKinds.contains(fieldDescriptor.load(fromByteOffset: 8, as: UInt16.self)),
                fieldDescriptor.load(fromByteOffset: 10, as: UInt16.self) == 12
            else { return nil }
            let count = Int(fieldDescriptor.load(fromByteOffset: 12, as: UInt32.self))
            guard count <= UInt16.max else { return nil }
            var fields: [(name: String, ownership: FieldOwnership)] = []
            fields.reserveCapacity(count)
            for index in 0..<count {
                let record = fieldDescriptor + 16 + index * 12
                guard let fieldName = relativeCString(at: record + 8), !fieldName.isEmpty else { return nil }
                // Enum cases without a payload have no type name.
                var ownership = FieldOwnership.strong
                if let typeName = relativeTarget(at: record + 4) {
                    guard let suffix = ownershipOfMangledName(at: typeName) else { return nil }
                    ownership = suffix
                }
                fields.append((fieldName, ownership))
            }
            return fields
        #else
            return nil
        #endif
    }

    /// The address a 32-bit relative pointer at `address` points to, or `nil` for the null
    /// value 0. Layout: a signed 32-bit byte offset from the pointer's own address, as the
    /// runtime's `RelativeDirectPointer`. Checked on Swift 6.3.1, x86_64 Linux.
    static func relativeTarget(at address: UnsafeRawPointer) -> UnsafeRawPointer? {
        let offset = Int(address.load(as: Int32.self))
        return offset == 0 ? nil : address + offset
    }

    /// The NUL-terminated string a 32-bit relative pointer at `address` points to (a type
    /// or field name in reflection metadata), if it is non-null, valid UTF-8 and shorter than
    /// 1024 bytes. Checked on Swift 6.3.1, x86_64 Linux.
    private static func relativeCString(at address: UnsafeRawPointer) -> String? {
        guard let start = relativeTarget(at: address) else { return nil }
        let bytes = start.assumingMemoryBound(to: UInt8.self)
        var length = 0
        while bytes[length] != 0 {
            length += 1
            if length == 1024 { return nil }
        }
        return String(validating: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
    }

    /// The ownership a mangled field type name declares by its last operator (`Xw`, `Xo`,
    /// `Xu`, or none; see `scanMangledName`); `nil` if the name is empty or has no end within
    /// 4096 bytes. Checked on Swift 6.3.1, x86_64 Linux.
    private static func ownershipOfMangledName(at start: UnsafeRawPointer) -> FieldOwnership? {
        guard let (length, suffix) = mangledNameSuffix(at: start), length > 0 else { return nil }
        switch suffix {
        case "Xw": return .weak
        case "Xo": return .unowned
        case "Xu": return .unownedUnsafe
        default: return .strong
        }
    }
}
