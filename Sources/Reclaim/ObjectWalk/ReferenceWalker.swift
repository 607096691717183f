#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lists the strong references any Swift heap object holds, read from runtime metadata: the
/// stored properties of class instances (through the superclass chain), the captures of
/// closure contexts, the contents of boxes, and the elements of `Array`, `ContiguousArray`,
/// `Dictionary` and `Set` storage, looking inside optionals, tuples, structs, enums (the case
/// actually stored) and existentials.
///
/// `weak`, `unowned` and `unowned(unsafe)` references are not strong and are not listed.
/// What the runtime does not describe (a type without reflection metadata, a generic closure
/// capture, an `any Error` box) is counted as unreadable, never guessed.
///
/// The walker only reads: it never retains, releases or writes the objects it walks (an enum
/// is read from a bitwise copy that is never destroyed), and it runs no user code. Each
/// layout is computed once per type and cached for the whole process; a walker keeps its own
/// copy of the layouts it uses, so walking takes no lock.
///
/// A walker made with `checkingReads` also walks blocks that were only recognized as objects
/// from their metadata (see `HeapObjectRecognizer`), which may be raw memory that happens to
/// look like one: it reads nothing past the block and follows no type pointer it has not
/// validated, so such a block yields wrong references at worst, never a fault.
///
/// # Thread safety
/// A walker (and its layout cache) is used by one thread at a time. The objects it walks must
/// not be mutated or freed while it reads them: walk objects that only the calling thread
/// uses, as `Heap` does, or hold frees as leak checks do.
package final class ReferenceWalker {
    private let objectLayouts = CompiledLayoutTable()
    private var existentialLayouts: [UnsafeRawPointer: (layout: ReferenceLayout, isInline: Bool)?] = [:]
    private var propertyLayouts: [PropertyKey: ReferenceLayout?] = [:]
    /// The readable memory of the process, when reads are checked.
    private var memory: ReadableMemory?

    /// A walker; with `checkingReads`, one for blocks that may not be objects.
    package init(checkingReads: Bool = false) {
        memory = checkingReads ? ReadableMemory() : nil
        // Retain counts are read directly once the probes have checked their layout (a
        // program may walk objects before it creates any heap, which runs them too).
        _ = RuntimeProbes.results
    }

    /// How reports name the object at `object`: its class without the module for an instance
    /// (`Downloader`, `Box<Int>`), otherwise what it is (`closure context`, `Array storage`).
    package func typeName(of object: UnsafeRawPointer) -> String {
        switch kind(of: object) {
        case .classInstance:
            _typeName(unsafeBitCast(object.load(as: UnsafeRawPointer.self), to: Any.Type.self), qualified: false)
        case .closureContext: "closure context"
        case .box: "box"
        case .arrayStorage: "Array storage"
        case .dictionaryStorage: "Dictionary storage"
        case .setStorage: "Set storage"
        case .other: "object"
        }
    }

    /// Whether the object at `object` is an instance of a `GCObject` subclass.
    package func isGCObject(_ object: UnsafeRawPointer) -> Bool {
        objectLayouts.layout(for: object.load(as: UnsafeRawPointer.self))._withUnsafeGuaranteedRef { $0.isGCObject }
    }

    /// What the object at `object` is.
    package func kind(of object: UnsafeRawPointer) -> HeapObjectKind {
        objectLayouts.layout(for: object.load(as: UnsafeRawPointer.self))._withUnsafeGuaranteedRef { $0.kind }
    }

    /// Calls `body` with every strong reference the Swift heap object at `object` holds, in
    /// memory order, and the property, capture or element holding it.
    ///
    /// - Parameters:
    ///   - object: The address of a live Swift heap object (a class instance, closure context
    ///     or box); the object is read, never retained.
    ///   - blockSize: The usable size of the object's heap block, for a walker that checks
    ///     reads: nothing past it is read. Ignored by other walkers.
    ///   - body: Called with each referenced object's address and the label of the place
    ///     holding it.
    /// - Returns: How many places in the object could not be read (0 when every reference
    ///   was found).
    /// - Complexity: O(*r*) in the places that may hold a reference, after the first object of
    ///   each type.
    @discardableResult
    package func forEachReference(
        of object: UnsafeRawPointer,
        blockSize: Int? = nil,
        _ body: (UnsafeRawPointer, ReferenceLabel) -> Void
    ) -> Int {
        typealias Storage = RuntimeShims.CollectionStorageLayout
        let size = memory == nil ? Int.max : blockSize ?? Int.max
        let compiled = objectLayouts.layout(for: object.load(as: UnsafeRawPointer.self))
        return compiled._withUnsafeGuaranteedRef { compiled in
            if compiled.isPlain {
                guard compiled.extent <= size else { return 1 }
                for index in compiled.plainOffsets.indices {
                    let word = object.load(fromByteOffset: compiled.plainOffsets[index], as: UInt.self)
                    if let target = Self.reference(word) { body(target, compiled.plainLabels[index]) }
                }
                return 0
            }
            return forEachReference(of: object, layout: compiled.layout, size: size, body)
        }
    }

    /// Calls `body` with every strong reference held by the value of type `type` stored at
    /// `value` (a copy is fine: it holds the same references), as `forEachReference(of:)`
    /// does for an object's properties.
    ///
    /// - Returns: How many places could not be read.
    @discardableResult
    package func forEachReference(
        inValueAt value: UnsafeRawPointer,
        of type: Any.Type,
        _ body: (UnsafeRawPointer, ReferenceLabel) -> Void
    ) -> Int {
        let metadata = unsafeBitCast(type, to: UnsafeRawPointer.self)
        guard let (layout, _) = existentialLayout(of: metadata) else { return 1 }
        return apply(layout.steps, at: value, index: -1, body)
    }

    /// Calls `body` with every strong reference that the stored property `name` of the class
    /// instance at `object` holds, read in place from the object's memory (a property read
    /// through Swift would copy a closure into a reabstraction thunk made for the copy). The
    /// property is the one `declaringClass` declares (a subclass may declare its own of the
    /// same name), or by default the object's class.
    ///
    /// - Returns: How many places could not be read (1 when the class has no such property).
    @discardableResult
    package func forEachReference(
        of object: UnsafeRawPointer,
        inProperty name: StaticString,
        declaredIn declaringClass: AnyClass? = nil,
        _ body: (UnsafeRawPointer, ReferenceLabel) -> Void
    ) -> Int {
        let metadata =
            declaringClass.map { unsafeBitCast($0, to: UnsafeRawPointer.self) }
            ?? object.load(as: UnsafeRawPointer.self)
        return forEachReference(inValueAt: object, metadata: metadata, property: name, body)
    }

    /// Calls `body` with every strong reference that the stored property `name` of the struct
    /// of type `type` at `value` holds (a copy of the struct holds the same references: a
    /// function stored in a struct keeps its representation when the struct is copied).
    ///
    /// - Returns: How many places could not be read (1 when the type has no such property).
    @discardableResult
    package func forEachReference(
        inValueAt value: UnsafeRawPointer,
        of type: Any.Type,
        property name: StaticString,
        _ body: (UnsafeRawPointer, ReferenceLabel) -> Void
    ) -> Int {
        forEachReference(
            inValueAt: value,
            metadata: unsafeBitCast(type, to: UnsafeRawPointer.self),
            property: name,
            body
        )
    }

    private func forEachReference(
        inValueAt base: UnsafeRawPointer,
        metadata: UnsafeRawPointer,
        property name: StaticString,
        _ body: (UnsafeRawPointer, ReferenceLabel) -> Void
    ) -> Int {
        let key = PropertyKey(metadata: metadata, name: UnsafeRawPointer(name.utf8Start))
        let layout: ReferenceLayout?
        if let cached = propertyLayouts[key] {
            layout = cached
        } else {
            let property = "\(name)"
            // Superclasses' properties come first: the last of the name is the type's own.
            let field = RuntimeShims.reflectedFields(of: metadata).last { $0.name == property }
            layout = field.map { field in
                guard field.isStrong else { return .empty }
                return ReferenceLayout(
                    steps: ReferenceLayout(ofValuesOf: field.type, path: property).shifted(by: field.offset)
                )
            }
            propertyLayouts[key] = layout
        }
        guard let layout else { return 1 }
        return apply(layout.steps, at: base, index: -1, body)
    }

    /// A stored property of a class or struct, by its metadata and the address of its name's
    /// text.
    private struct PropertyKey: Hashable {
        var metadata: UnsafeRawPointer
        var name: UnsafeRawPointer
    }

    /// A walker for the calling thread, kept until the thread exits: for code that walks a
    /// few objects at a time, often (a collection reading closure captures).
    package static var forCurrentThread: ReferenceWalker {
        if let existing = pthread_getspecific(threadWalkerKey) {
            return Unmanaged<ReferenceWalker>.fromOpaque(existing).takeUnretainedValue()
        }
        let walker = ReferenceWalker()
        pthread_setspecific(threadWalkerKey, Unmanaged.passRetained(walker).toOpaque())
        return walker
    }

    /// The thread-specific slot of `forCurrentThread`, whose destructor releases the walker.
    private static let threadWalkerKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { walker in
            guard let walker else { return }
            Unmanaged<ReferenceWalker>.fromOpaque(walker).release()
        }
        precondition(status == 0, "Reclaim: pthread_key_create failed with error \(status)")
        return key
    }()

    /// Appends to `batch`, for each object of `objects` in `range`, the addresses it refers to
    /// strongly, the end of its references, and its strong retain count (read while its header
    /// is in the cache); the same references, in the same order, as
    /// `forEachReference(of:blockSize:_:)` would list, without their labels. The whole loop
    /// runs here, so objects of plain layouts cost no call per reference.
    ///
    /// - Complexity: O(*n* + *r*) in the objects and the places that may hold references.
    package func appendReferences(
        of objects: [UnsafeRawPointer],
        in range: Range<Int>,
        blockSizes: [Int]?,
        to batch: inout ReferenceBatch
    ) {
        let lookahead = 8
        for position in range {
            let object = objects[position]
            // The count word shares the cache line the walk reads; a side table is prefetched.
            if position + lookahead < objects.count {
                RuntimeShims.prefetchReferenceCounts(of: objects[position + lookahead])
            }
            batch.retainCounts.append(Int32(clamping: RuntimeShims.strongCount(of: object)))
            let size = memory == nil ? Int.max : blockSizes?[position] ?? Int.max
            let compiled = objectLayouts.layout(for: object.load(as: UnsafeRawPointer.self))
            let unreadable = compiled._withUnsafeGuaranteedRef { compiled in
                guard compiled.isPlain else {
                    return forEachReference(of: object, layout: compiled.layout, size: size) { target, _ in
                        batch.targets.append(UInt(bitPattern: target))
                    }
                }
                guard compiled.extent <= size else { return 1 }
                for offset in compiled.plainOffsets {
                    let word = object.load(fromByteOffset: offset, as: UInt.self)
                    if word >= Self.leastValidPointer, word & 7 == 0 { batch.targets.append(word) }
                }
                return 0
            }
            if unreadable > 0 { batch.unreadable.append((position, unreadable)) }
            batch.ends.append(batch.targets.count)
        }
    }

    /// The general walk of an object whose layout is not plain words.
    private func forEachReference(
        of object: UnsafeRawPointer,
        layout: HeapObjectLayout,
        size: Int,
        _ body: (UnsafeRawPointer, ReferenceLabel) -> Void
    ) -> Int {
        typealias Storage = RuntimeShims.CollectionStorageLayout
        switch layout {
        case .fixed(let layout, _):
            guard layout.extent <= size else { return 1 }
            return apply(layout.steps, at: object, index: -1, body)
        case .arrayStorage(let element, let stride, let start):
            guard !element.isEmpty else { return 0 }
            let count = object.load(fromByteOffset: Storage.arrayCountOffset, as: Int.self)
            guard count >= 0, size == .max || count <= (size - start) / Swift.max(stride, 1) else { return 1 }
            var unreadable = 0
            for index in 0..<count {
                unreadable += apply(element.steps, at: object + start + index * stride, index: Int32(index), body)
            }
            return unreadable
        case .hashTableStorage(let keys, let keyStride, let values, let valueStride, let bitmapOffset, _):
            guard !keys.isEmpty || !values.isEmpty else { return 0 }
            let scale = Int(object.load(fromByteOffset: Storage.hashTableScaleOffset, as: Int8.self))
            guard (0...(size == .max ? 56 : 40)).contains(scale) else { return 1 }
            let bucketCount = 1 << scale
            let keyBase = object.load(fromByteOffset: Storage.hashTableKeysOffset, as: UnsafeRawPointer.self)
            let valueBase =
                values.isEmpty
                ? keyBase : object.load(fromByteOffset: Storage.dictionaryValuesOffset, as: UnsafeRawPointer.self)
            if size != .max {
                // Keys, values and the bitmap are allocated in the storage object's own block.
                func fits(_ start: UnsafeRawPointer, _ byteCount: Int) -> Bool {
                    start >= object && UInt(bitPattern: start) & 7 == 0 && byteCount >= 0
                        && UInt(bitPattern: start - object) + UInt(byteCount) <= UInt(size)
                }
                guard !bucketCount.multipliedReportingOverflow(by: keyStride).overflow,
                    !bucketCount.multipliedReportingOverflow(by: valueStride).overflow
                else { return 1 }
                let bitmapBytes = (bucketCount + UInt.bitWidth - 1) / UInt.bitWidth * 8
                guard fits(object + bitmapOffset, bitmapBytes), fits(keyBase, bucketCount * keyStride),
                    fits(valueBase, bucketCount * valueStride)
                else { return 1 }
            }
            var unreadable = 0
            var ordinal: Int32 = 0
            let wordBits = UInt.bitWidth
            for wordIndex in 0..<((bucketCount + wordBits - 1) / wordBits) {
                var word = object.load(fromByteOffset: bitmapOffset + wordIndex * 8, as: UInt.self)
                // A table smaller than a word sets the bits past its last bucket.
                if bucketCount < wordBits { word &= (1 << bucketCount) - 1 }
                while word != 0 {
                    let bucket = wordIndex * wordBits + word.trailingZeroBitCount
                    word &= word - 1
                    unreadable += apply(keys.steps, at: keyBase + bucket * keyStride, index: ordinal, body)
                    if !values.isEmpty {
                        unreadable += apply(values.steps, at: valueBase + bucket * valueStride, index: ordinal, body)
                    }
                    ordinal += 1
                }
            }
            return unreadable
        case .opaque:
            return 1
        }
    }

    /// Applies `steps` to the value at `base`; returns how many could not be read.
    private func apply(
        _ steps: [ReferenceLayout.Step],
        at base: UnsafeRawPointer,
        index: Int32,
        renamedTo outerLabel: ReferenceLabel? = nil,
        _ body: (UnsafeRawPointer, ReferenceLabel) -> Void
    ) -> Int {
        var unreadable = 0
        for step in steps {
            switch step {
            case .reference(let offset, var label):
                let word = base.load(fromByteOffset: offset, as: UInt.self)
                if let target = Self.reference(word) {
                    label.index = index
                    body(target, outerLabel.map { label.renamed(as: $0) } ?? label)
                }
            case .bridgeObject(let offset, var label):
                let word = base.load(fromByteOffset: offset, as: UInt.self)
                if word >> 60 == 0, let target = Self.reference(word) {
                    label.index = index
                    body(target, outerLabel.map { label.renamed(as: $0) } ?? label)
                }
            case .function(let offset, var label):
                let function = base.load(fromByteOffset: offset, as: UInt.self)
                let context = base.load(fromByteOffset: offset + 8, as: UInt.self)
                if function >= Self.leastValidPointer, let target = Self.reference(context) {
                    label.index = index
                    body(target, outerLabel.map { label.renamed(as: $0) } ?? label)
                }
            case .existential(let offset, var label):
                // 0 is an optional's nil; an outer optional's nil is the next small value.
                let typeWord = base.load(fromByteOffset: offset + 24, as: UInt.self)
                guard typeWord >= Self.leastValidPointer, typeWord & 7 == 0,
                    let type = UnsafeRawPointer(bitPattern: typeWord)
                else { continue }
                guard let (layout, isInline) = existentialLayout(of: type) else {
                    unreadable += 1
                    continue
                }
                if isInline {
                    unreadable += apply(
                        layout.steps,
                        at: base + offset,
                        index: index,
                        renamedTo: outerLabel ?? label,
                        body
                    )
                } else if !layout.isEmpty, let box = Self.reference(base.load(fromByteOffset: offset, as: UInt.self)) {
                    label.index = index
                    body(box, (outerLabel.map { label.renamed(as: $0) } ?? label).holding(.box))
                }
            case .enumeration(let offset, let layout):
                unreadable += withUnsafeTemporaryAllocation(
                    byteCount: Swift.max(layout.size, 8),
                    alignment: Swift.max(layout.alignment, 8)
                ) { scratch -> Int in
                    let copy = scratch.baseAddress!
                    copy.copyMemory(from: base + offset, byteCount: layout.size)
                    let tag = RuntimeShims.enumTag(of: copy, metadata: layout.metadata)
                    guard tag < layout.cases.count, !layout.cases[tag].isEmpty else { return 0 }
                    RuntimeShims.projectEnumPayload(copy, metadata: layout.metadata)
                    return apply(layout.cases[tag].steps, at: copy, index: index, renamedTo: outerLabel, body)
                }
            case .unreadable:
                unreadable += 1
            }
        }
        return unreadable
    }

    /// Addresses below this are an enum's extra inhabitants (`nil`), never objects (the
    /// runtime's `LeastValidPointerValue` on 64-bit Linux).
    private static let leastValidPointer: UInt = 4096

    /// The object `word` points to, when it can be a reference: at least 4096 and 8-aligned.
    @inline(__always)
    private static func reference(_ word: UInt) -> UnsafeRawPointer? {
        guard word >= leastValidPointer, word & 7 == 0 else { return nil }
        return UnsafeRawPointer(bitPattern: word)
    }

    /// The layout of an existential's dynamic type, or nil when reads are checked and `type`
    /// is not valid type metadata.
    private func existentialLayout(of type: UnsafeRawPointer) -> (layout: ReferenceLayout, isInline: Bool)? {
        if let cached = existentialLayouts[type] { return cached }
        if memory != nil {
            let isValid = RuntimeShims.isTypeMetadata(UInt(bitPattern: type)) { address, count in
                memory?.contains(address, byteCount: count) ?? false
            }
            guard isValid else { return nil }
        }
        // A type validated only by the checks above is kept out of the process-wide cache.
        let layout =
            memory == nil ? ReferenceLayouts.valueLayout(type) : ReferenceLayout(ofValuesOf: type, path: "")
        let isInline = RuntimeShims.isStoredInlineInExistential(unsafeBitCast(type, to: Any.Type.self))
        existentialLayouts[type] = (layout, isInline)
        return (layout, isInline)
    }
}

/// The process-wide cache of layouts, by metadata address (metadata is never freed).
enum ReferenceLayouts {
    private static let objects = LockedValue<[UnsafeRawPointer: CompiledObjectLayout]>([:])
    private static let values = LockedValue<[UnsafeRawPointer: ReferenceLayout]>([:])

    /// The layout of heap objects with this metadata, computed on first use.
    static func compiledLayout(_ metadata: UnsafeRawPointer) -> CompiledObjectLayout {
        if let cached = objects.withLock({ $0[metadata] }) { return cached }
        // Computed outside the lock: building a layout can take other layouts' locks.
        let layout = CompiledObjectLayout(HeapObjectLayout(ofObjectsWith: metadata), metadata: metadata)
        return objects.withLock { objects in
            if let raced = objects[metadata] { return raced }
            objects[metadata] = layout
            return layout
        }
    }

    /// The layout of values of the type with this metadata (labelled from the value itself).
    static func valueLayout(_ metadata: UnsafeRawPointer) -> ReferenceLayout {
        if let cached = values.withLock({ $0[metadata] }) { return cached }
        let layout = ReferenceLayout(ofValuesOf: metadata, path: "")
        values.withLock { $0[metadata] = layout }
        return layout
    }
}
