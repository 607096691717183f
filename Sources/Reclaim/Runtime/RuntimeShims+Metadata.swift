internal import CReclaimShims

/// The metadata reads behind `ReferenceWalker`: what kind of heap object a pointer is, the
/// stored properties of a type with their ownership, enum cases and their payloads, closure
/// captures, and the element types of standard-library collection storage.
///
/// Checked on Swift 6.3.1 (swift-6.3.1-RELEASE), x86_64 Linux, debug and release builds, by
/// `RuntimeProbes` at start-up and by `ReferenceWalkerTests`. On other platforms every read
/// below answers "unknown", and the walker reports the objects it meets as opaque.
extension RuntimeShims {
    /// The metadata kinds the walker tells apart (`MetadataKind.def`, Swift 6.3.1). On Linux a
    /// native class's metadata starts with the kind word 0; every other kind is below 0x800.
    enum MetadataKind: UInt {
        case `class` = 0
        case `struct` = 0x200
        case `enum` = 0x201
        case optional = 0x202
        case foreignClass = 0x203
        case foreignReferenceType = 0x204
        case opaque = 0x300
        case tuple = 0x301
        case function = 0x302
        case existential = 0x303
        case metatype = 0x304
        case objCClassWrapper = 0x305
        case existentialMetatype = 0x306
        case extendedExistential = 0x307
        case fixedArray = 0x308
        /// A closure context, or a box the compiler laid out (indirect enum payloads,
        /// existential boxes, captured `var`s): `HeapLocalVariable`, with a capture descriptor.
        case heapLocalVariable = 0x400
        /// A box the runtime laid out for a type known only at run time (`swift_allocBox`).
        case heapGenericLocalVariable = 0x500
        /// The box of an `any Error` value.
        case errorObject = 0x501
        case task = 0x502
        case job = 0x503
    }

    /// Whether this platform's metadata layout is the one the reads below were checked on.
    static var readsNativeMetadata: Bool {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            return true
        #else
            return false
        #endif
    }

    /// The kind of the type metadata at `metadata`: its first word, a `MetadataKind`.
    static func metadataKind(_ metadata: UnsafeRawPointer) -> MetadataKind? {
        MetadataKind(rawValue: metadata.load(as: UInt.self))
    }

    /// The size, stride and alignment of values of the type at `metadata`, from its value
    /// witness table: the word before the metadata's address point; `size` at byte offset 64,
    /// `stride` at 72, and the 32-bit flags at 80, whose low byte is the alignment mask.
    static func valueLayout(_ metadata: UnsafeRawPointer) -> (size: Int, stride: Int, alignment: Int) {
        let witnesses = metadata.load(fromByteOffset: -8, as: UnsafeRawPointer.self)
        let size = witnesses.load(fromByteOffset: 64, as: Int.self)
        let stride = witnesses.load(fromByteOffset: 72, as: Int.self)
        let flags = witnesses.load(fromByteOffset: 80, as: UInt32.self)
        return (size, stride, Int(flags & 0xFF) + 1)
    }

    /// Whether values of the type at `metadata` are trivially copyable (no retains on copy, so
    /// no strong references): the `IsNonPOD` bit (0x10000) of the value witness flags is clear.
    static func isTriviallyCopyable(_ metadata: UnsafeRawPointer) -> Bool {
        let witnesses = metadata.load(fromByteOffset: -8, as: UnsafeRawPointer.self)
        return witnesses.load(fromByteOffset: 80, as: UInt32.self) & 0x1_0000 == 0
    }

    /// One stored property of a class, struct or tuple, as the runtime's field reflection
    /// (`swift_reflectionMirror_recursive*`) reports it.
    struct ReflectedField {
        var name: String
        var offset: Int
        var type: UnsafeRawPointer
        /// False for `weak`, `unowned`, `unowned(safe)` and `unowned(unsafe)` storage.
        var isStrong: Bool
    }

    /// The stored properties of the class (superclasses' first), struct or tuple type at
    /// `metadata`, with their offsets, types and ownership. The runtime resolves generic field
    /// types and resilient offsets itself. Checked on Swift 6.3.1: offsets match
    /// `Unmanaged.passUnretained` of each property, and only strong properties report
    /// `isStrong`.
    static func reflectedFields(of metadata: UnsafeRawPointer) -> [ReflectedField] {
        let count = swift_reflectionMirror_recursiveCount(metadata)
        guard count > 0 else { return [] }
        var fields: [ReflectedField] = []
        fields.reserveCapacity(count)
        for index in 0..<count {
            var field = reclaim_field_reflection()
            let type = swift_reflectionMirror_recursiveChildMetadata(metadata, index, &field)
            let offset = swift_reflectionMirror_recursiveChildOffset(metadata, index)
            let name = field.name.map { String(cString: $0) } ?? ".\(index)"
            if let free = field.free_name { free(field.name) }
            fields.append(ReflectedField(name: name, offset: offset, type: type, isStrong: field.is_strong))
        }
        return fields
    }

    /// The name a stored property is declared with, from the name reflection gives its
    /// storage: `x` for `$__lazy_storage_$_x`, the storage of `lazy var x` (Swift 6.3.1).
    static func declaredName(ofField fieldName: String) -> String {
        let lazyStoragePrefix = "$__lazy_storage_$_"
        guard fieldName.hasPrefix(lazyStoragePrefix) else { return fieldName }
        return String(fieldName.dropFirst(lazyStoragePrefix.count))
    }

    /// Whether the class at `metadata` declares a field descriptor or inherits only from
    /// classes that do: without one, field reflection reports no properties even where there
    /// are some. Reads the nominal type descriptor at byte offset 40 of class metadata and its
    /// `Fields` relative pointer at 16; the superclass is at byte offset 8.
    static func classHasFieldDescriptors(_ metadata: UnsafeRawPointer) -> Bool {
        var current: UnsafeRawPointer? = metadata
        while let classMetadata = current {
            guard let descriptor = classMetadata.load(fromByteOffset: 40, as: UnsafeRawPointer?.self) else {
                return false
            }
            if descriptor.load(fromByteOffset: 16, as: Int32.self) == 0 {
                // A class with no stored properties of its own may omit them: trust it only
                // if its instances are no larger than its superclass's.
                let superclass = classMetadata.load(fromByteOffset: 8, as: UnsafeRawPointer?.self)
                let ownSize = classMetadata.load(fromByteOffset: 24, as: UInt32.self)
                let superSize = superclass.map { $0.load(fromByteOffset: 24, as: UInt32.self) } ?? 16
                if ownSize > superSize { return false }
            }
            current = classMetadata.load(fromByteOffset: 8, as: UnsafeRawPointer?.self)
        }
        return true
    }

    /// The size of a class's instances, from `InstanceSize` (32-bit, byte offset 24).
    static func instanceSize(ofClassMetadata metadata: UnsafeRawPointer) -> Int {
        Int(metadata.load(fromByteOffset: 24, as: UInt32.self))
    }

    /// The nominal type descriptor of a class (byte offset 40) or of a struct or enum (8).
    static func typeDescriptor(of metadata: UnsafeRawPointer) -> UnsafeRawPointer? {
        let isClass = metadata.load(as: UInt.self) == 0
        return metadata.load(fromByteOffset: isClass ? 40 : 8, as: UnsafeRawPointer?.self)
    }

    // MARK: Enums

    /// One case of an enum, in tag order (payload cases first, as the field descriptor lists
    /// them and `getEnumTag` numbers them).
    struct EnumCase {
        var name: String
        /// The payload type; nil for a case without one, or one whose type did not resolve
        /// (`isResolved` then says which).
        var payload: UnsafeRawPointer?
        var isResolved: Bool
        /// An `indirect` case: the payload is a reference to a box holding it.
        var isIndirect: Bool
    }

    /// The cases of the enum or optional type at `metadata`, or nil without a field descriptor.
    ///
    /// Layout: the enum's descriptor (metadata + 8) keeps `Fields` as a relative pointer at 16;
    /// records are 12 bytes from byte 16 of the field descriptor: 32-bit flags (bit 0: indirect
    /// case), the payload's mangled type name and the case name, both relative pointers. The
    /// payload type is resolved with `swift_getTypeByMangledNameInContext` in the enum's
    /// descriptor and with its generic arguments (from metadata + 16).
    static func enumCases(of metadata: UnsafeRawPointer) -> [EnumCase]? {
        guard let descriptor = metadata.load(fromByteOffset: 8, as: UnsafeRawPointer?.self),
            let fieldDescriptor = relativeTarget(at: descriptor + 16),
            fieldDescriptor.load(fromByteOffset: 10, as: UInt16.self) == 12
        else { return nil }
        let count = Int(fieldDescriptor.load(fromByteOffset: 12, as: UInt32.self))
        var cases: [EnumCase] = []
        for index in 0..<count {
            let record = fieldDescriptor + 16 + index * 12
            let flags = record.load(as: UInt32.self)
            let name = relativeTarget(at: record + 8).map { String(cString: $0.assumingMemoryBound(to: CChar.self)) }
            var payload: UnsafeRawPointer? = nil
            var isResolved = true
            if let mangled = relativeTarget(at: record + 4) {
                guard let length = scanMangledName(at: mangled, { _, _ in }) else { return nil }
                payload = swift_getTypeByMangledNameInContext(
                    mangled.assumingMemoryBound(to: CChar.self),
                    length,
                    descriptor,
                    UnsafeRawPointer(metadata + 16).assumingMemoryBound(to: UnsafeRawPointer?.self)
                )
                isResolved = payload != nil
            }
            cases.append(
                EnumCase(
                    name: name ?? "case \(index)",
                    payload: payload,
                    isResolved: isResolved,
                    isIndirect: flags & 1 != 0
                )
            )
        }
        return cases
    }

    /// The case index of the enum value at `value`, by its `getEnumTag` value witness.
    static func enumTag(of value: UnsafeRawPointer, metadata: UnsafeRawPointer) -> Int {
        Int(reclaim_enum_tag(value, metadata))
    }

    /// Strips the case tag of the enum value at `value` (a bitwise scratch copy, never
    /// destroyed), leaving the payload there.
    static func projectEnumPayload(_ value: UnsafeMutableRawPointer, metadata: UnsafeRawPointer) {
        _ = reclaim_project_enum_payload(value, metadata)
    }

    // MARK: Closure contexts and boxes

    /// One value held by a closure context or compiler-laid-out box.
    struct Capture {
        var offset: Int
        /// The captured type, nil when it did not resolve (a generic capture).
        var type: UnsafeRawPointer?
        /// `weak`, `unowned` or `unowned(unsafe)` captures are not strong.
        var isStrong: Bool
        /// A captured `var`: one strong reference to the box that holds it.
        var isBox: Bool
        /// A thick function (a function pointer and a context) in the compiler's own
        /// representation, which has no type metadata.
        var isFunction = false
    }

    /// The captures of a closure context or box whose metadata (kind 0x400,
    /// `HeapLocalVariable`) is at `metadata`, in memory order; nil without a capture descriptor.
    /// Captures after one whose type did not resolve are not listed (their offsets depend on
    /// it); `unresolved` counts them.
    ///
    /// Layout (Swift 6.3.1): the metadata keeps a 32-bit `OffsetToFirstCapture` at byte 8 and
    /// the capture descriptor at 16. The descriptor is three 32-bit counts (capture types,
    /// metadata sources, bindings), then one relative pointer per capture type to its mangled
    /// name. The bindings (one metadata pointer each) come first in the context; captures
    /// follow, each aligned to its type. A mangled name ending in `Xw`, `Xo` or `Xu` is `weak`,
    /// `unowned` or `unowned(unsafe)` storage of the type before it; one ending in `Xx` or `Xb`
    /// is a box. A SIL function type (`…I…_`) is a function value.
    static func captures(ofContextMetadata metadata: UnsafeRawPointer) -> (captures: [Capture], unresolved: Int)? {
        let firstCapture = Int(metadata.load(fromByteOffset: 8, as: UInt32.self))
        guard let descriptor = metadata.load(fromByteOffset: 16, as: UnsafeRawPointer?.self) else { return nil }
        let typeCount = Int(descriptor.load(as: UInt32.self))
        let bindingCount = Int(descriptor.load(fromByteOffset: 8, as: UInt32.self))
        var offset = firstCapture + bindingCount * MemoryLayout<UnsafeRawPointer>.size
        var captures: [Capture] = []
        for index in 0..<typeCount {
            guard let mangled = relativeTarget(at: descriptor + 12 + index * 4) else {
                return (captures, typeCount - index)
            }
            guard case (var length, let suffix)? = mangledNameSuffix(at: mangled) else {
                return (captures, typeCount - index)
            }
            var isStrong = true
            var isBox = false
            switch suffix {
            case "Xw", "Xo", "Xu":
                isStrong = false
                length -= 2
            case "Xx", "Xb":
                isBox = true
            default:
                break
            }
            if isBox {
                offset = (offset + 7) & ~7
                captures.append(Capture(offset: offset, type: nil, isStrong: true, isBox: true))
                offset += 8
                continue
            }
            if let isThick = implFunctionIsThick(mangled, length: length) {
                // A function value the compiler captured in its own representation (a
                // reabstraction thunk's context holds the closure it forwards to).
                offset = (offset + 7) & ~7
                if isThick {
                    captures.append(
                        Capture(offset: offset, type: nil, isStrong: isStrong, isBox: false, isFunction: true)
                    )
                }
                offset += isThick ? 16 : 8
                continue
            }
            guard
                let type = swift_getTypeByMangledNameInContext(
                    mangled.assumingMemoryBound(to: CChar.self),
                    length,
                    nil,
                    nil
                )
            else {
                return (captures, typeCount - index)
            }
            let layout = valueLayout(type)
            offset = (offset + layout.alignment - 1) & ~(layout.alignment - 1)
            captures.append(Capture(offset: offset, type: type, isStrong: isStrong, isBox: false))
            offset += layout.size
        }
        return (captures, 0)
    }

    /// For the mangled name of a SIL function type (`<results> I <attributes> _`, such as
    /// `SiIegd_`, which type metadata cannot describe), whether it is thick (a function pointer
    /// and a context: callee convention `y`, `g` or `x`) rather than thin (`t`); nil for any
    /// other name. The convention is the first of those letters after the last `I`, past the
    /// optional `e` (escaping) and `A` (async); symbolic references are stepped over.
    private static func implFunctionIsThick(_ start: UnsafeRawPointer, length: Int) -> Bool? {
        var lastI: Int? = nil
        var lastByte: UInt8? = nil
        _ = scanMangledName(at: start, limit: length + 1) { offset, byte in
            if byte == UInt8(ascii: "I") { lastI = offset }
            lastByte = byte
        }
        guard lastByte == UInt8(ascii: "_"), let attributes = lastI.map({ $0 + 1 }) else { return nil }
        for offset in attributes..<min(length - 1, attributes + 3) {
            switch start.load(fromByteOffset: offset, as: UInt8.self) {
            case UInt8(ascii: "e"), UInt8(ascii: "A"): continue
            case UInt8(ascii: "y"), UInt8(ascii: "g"), UInt8(ascii: "x"): return true
            case UInt8(ascii: "t"): return false
            default: return nil
            }
        }
        return nil
    }

    /// The value a runtime-laid-out box (kind 0x500, `GenericBoxHeapMetadata`) holds: its
    /// offset in the box (32-bit, byte 8 of the metadata) and its type (byte 16).
    static func genericBoxContents(ofBoxMetadata metadata: UnsafeRawPointer) -> (offset: Int, type: UnsafeRawPointer)? {
        guard let type = metadata.load(fromByteOffset: 16, as: UnsafeRawPointer?.self) else { return nil }
        return (Int(metadata.load(fromByteOffset: 8, as: UInt32.self)), type)
    }

    // MARK: Standard-library collection storage

    /// The storage classes of `Array`/`ContiguousArray`, `Dictionary` and `Set`, told apart by
    /// their nominal type descriptors, and where each keeps its generic arguments in metadata.
    struct CollectionStorageClasses: @unchecked Sendable {
        var arrayDescriptor: UnsafeRawPointer
        var dictionaryDescriptor: UnsafeRawPointer
        var setDescriptor: UnsafeRawPointer
        /// Byte offset of the first generic argument in each one's class metadata.
        var arrayArgumentOffset: Int
        var dictionaryArgumentOffset: Int
        var setArgumentOffset: Int
    }

    /// Learned once from storage built at run time: the descriptor of
    /// `_ContiguousArrayStorage<Int>` and the metadata word that holds `Int` (and, in
    /// `_ContiguousArrayStorage<String>`, `String` at the same place), and likewise for
    /// `_DictionaryStorage<Int, String>` and `_SetStorage<Int>`. Nil if any is not found.
    static let collectionStorageClasses: CollectionStorageClasses? = {
        guard readsNativeMetadata else { return nil }
        let intType = unsafeBitCast(Int.self as Any.Type, to: UnsafeRawPointer.self)
        let stringType = unsafeBitCast(String.self as Any.Type, to: UnsafeRawPointer.self)
        func storageMetadata<C>(_ collection: C) -> UnsafeRawPointer? {
            withExtendedLifetime(collection) {
                storageObjectAddress(of: collection)?.load(as: UnsafeRawPointer.self)
            }
        }
        func argumentOffset(
            _ first: UnsafeRawPointer,
            holding firstArgument: UnsafeRawPointer,
            _ second: UnsafeRawPointer,
            holding secondArgument: UnsafeRawPointer
        ) -> Int? {
            let classSize = Int(first.load(fromByteOffset: 32, as: UInt32.self))
            let addressPoint = Int(first.load(fromByteOffset: 36, as: UInt32.self))
            var offset = 56
            while offset + 8 <= classSize - addressPoint {
                if first.load(fromByteOffset: offset, as: UnsafeRawPointer.self) == firstArgument,
                    second.load(fromByteOffset: offset, as: UnsafeRawPointer.self) == secondArgument
                {
                    return offset
                }
                offset += 8
            }
            return nil
        }
        guard let intArray = storageMetadata([1, 2]), let stringArray = storageMetadata(["a", "b"]),
            let intStringDictionary = storageMetadata([1: "a"]), let stringIntDictionary = storageMetadata(["a": 1]),
            let intSet = storageMetadata(Set([1])), let stringSet = storageMetadata(Set(["a"])),
            let arrayDescriptor = typeDescriptor(of: intArray),
            let dictionaryDescriptor = typeDescriptor(of: intStringDictionary),
            let setDescriptor = typeDescriptor(of: intSet),
            let arrayOffset = argumentOffset(intArray, holding: intType, stringArray, holding: stringType),
            let dictionaryOffset = argumentOffset(
                intStringDictionary,
                holding: intType,
                stringIntDictionary,
                holding: stringType
            ),
            intStringDictionary.load(fromByteOffset: dictionaryOffset + 8, as: UnsafeRawPointer.self) == stringType,
            let setOffset = argumentOffset(intSet, holding: intType, stringSet, holding: stringType)
        else { return nil }
        return CollectionStorageClasses(
            arrayDescriptor: arrayDescriptor,
            dictionaryDescriptor: dictionaryDescriptor,
            setDescriptor: setDescriptor,
            arrayArgumentOffset: arrayOffset,
            dictionaryArgumentOffset: dictionaryOffset,
            setArgumentOffset: setOffset
        )
    }()

    /// Where the elements of native collection storage are (Swift 6.3.1, 64-bit, as field
    /// reflection reports the stored properties of `_ContiguousArrayStorage`,
    /// `_DictionaryStorage` and `_SetStorage`): an array's `count` at byte 16 and its elements
    /// from byte 32 (rounded up to the element's alignment); a hash table's 8-bit `_scale` at
    /// 32 (the bucket count is `1 << scale`), keys or elements at the pointer in 48, values at
    /// the pointer in 56, and the occupancy bitmap (one bit per bucket) right after the stored
    /// properties: at byte 64 for a dictionary, 56 for a set.
    enum CollectionStorageLayout {
        static let arrayCountOffset = 16
        static let arrayElementsOffset = 32
        static let hashTableScaleOffset = 32
        static let hashTableKeysOffset = 48
        static let dictionaryValuesOffset = 56
        static let dictionaryBitmapOffset = 64
        static let setBitmapOffset = 56
    }

    // MARK: Recognizing objects in raw memory

    /// Whether the word at the start of a heap block of `blockSize` bytes is the metadata of a
    /// Swift heap object that fits the block: what tells an object from a raw buffer. Every
    /// read is checked with `isReadable` first, so an arbitrary word never faults.
    ///
    /// Rules (Swift 6.3.1, 64-bit Linux, no Objective-C interop; the kinds as in
    /// `MetadataKind`), checked on class instances, generic classes, collection storage,
    /// closure contexts and boxes, and against raw blocks of random bytes:
    /// - the word is at least 4096, 8-aligned, and 80 bytes from 16 before it are readable
    ///   (the value witness table pointer is at -8 and the destroy function at -16);
    /// - a class (kind 0): `InstanceSize` (32-bit, byte 24) between 16 and the block size; the
    ///   nominal type descriptor (byte 40) readable with its kind (low 5 bits of its flags)
    ///   16, Class; and every superclass (byte 8) readable and of kind 0, at most 64 deep;
    /// - a closure context or compiler-laid-out box (0x400): `OffsetToFirstCapture` (32-bit,
    ///   byte 8) between 16 and the block size, and its capture descriptor (byte 16) null or
    ///   readable;
    /// - a runtime-laid-out box (0x500): the value's offset (byte 8) inside the block and
    ///   its type (byte 16) readable;
    /// - an error box (0x501). Anything else is not an object.
    ///
    /// A raw buffer whose first word happens to be such metadata, with a size that fits, is
    /// taken for an object: metadata alone cannot tell them apart.
    static func isHeapObjectMetadata(
        _ word: UInt,
        blockSize: Int,
        isReadable: (UInt, Int) -> Bool
    ) -> Bool {
        guard readsNativeMetadata, word >= 4096, word & 7 == 0, isReadable(word - 16, 80),
            let metadata = UnsafeRawPointer(bitPattern: word)
        else { return false }
        switch metadata.load(as: UInt.self) {
        case MetadataKind.class.rawValue:
            let instanceSize = Int(metadata.load(fromByteOffset: 24, as: UInt32.self))
            guard instanceSize >= 16, instanceSize <= blockSize else { return false }
            var current: UnsafeRawPointer? = metadata
            var depth = 0
            while let classMetadata = current {
                depth += 1
                guard depth <= 64, isReadable(UInt(bitPattern: classMetadata), 56),
                    classMetadata.load(as: UInt.self) == 0
                else { return false }
                let descriptorWord = classMetadata.load(fromByteOffset: 40, as: UInt.self)
                guard descriptorWord & 3 == 0, isReadable(descriptorWord, 20),
                    let descriptor = UnsafeRawPointer(bitPattern: descriptorWord),
                    descriptor.load(as: UInt32.self) & 0x1F == 16
                else { return false }
                let superclassWord = classMetadata.load(fromByteOffset: 8, as: UInt.self)
                guard superclassWord == 0 || superclassWord & 7 == 0 else { return false }
                current = UnsafeRawPointer(bitPattern: superclassWord)
            }
            return true
        case MetadataKind.heapLocalVariable.rawValue:
            let firstCapture = Int(metadata.load(fromByteOffset: 8, as: UInt32.self))
            let descriptor = metadata.load(fromByteOffset: 16, as: UInt.self)
            return firstCapture >= 16 && firstCapture <= blockSize
                && (descriptor == 0 || (descriptor & 3 == 0 && isReadable(descriptor, 12)))
        case MetadataKind.heapGenericLocalVariable.rawValue:
            let offset = Int(metadata.load(fromByteOffset: 8, as: UInt32.self))
            let type = metadata.load(fromByteOffset: 16, as: UInt.self)
            return offset >= 16 && offset <= blockSize && type & 7 == 0 && isReadable(type, 8)
        case MetadataKind.errorObject.rawValue:
            return true
        default:
            return false
        }
    }

    /// Whether `word` is the address of type metadata a value can have, checked without
    /// faulting: readable with its value witness table (the word before it, whose 88 bytes
    /// are readable too), and of a value kind: a class (validated as `isHeapObjectMetadata`
    /// does), a struct or enum whose nominal type descriptor is readable and of kind 17 or
    /// 18, or an optional, tuple, function, existential or metatype.
    static func isTypeMetadata(_ word: UInt, isReadable: (UInt, Int) -> Bool) -> Bool {
        guard readsNativeMetadata, word >= 4096, word & 7 == 0, isReadable(word - 8, 32),
            let metadata = UnsafeRawPointer(bitPattern: word)
        else { return false }
        let witnesses = metadata.load(fromByteOffset: -8, as: UInt.self)
        guard witnesses & 7 == 0, isReadable(witnesses, 88) else { return false }
        switch metadata.load(as: UInt.self) {
        case MetadataKind.class.rawValue:
            return isHeapObjectMetadata(word, blockSize: .max, isReadable: isReadable)
        case MetadataKind.struct.rawValue, MetadataKind.enum.rawValue, MetadataKind.optional.rawValue:
            let descriptor = metadata.load(fromByteOffset: 8, as: UInt.self)
            guard descriptor & 3 == 0, isReadable(descriptor, 20),
                let descriptorAddress = UnsafeRawPointer(bitPattern: descriptor)
            else { return false }
            return (17...18).contains(descriptorAddress.load(as: UInt32.self) & 0x1F)
        case MetadataKind.tuple.rawValue, MetadataKind.function.rawValue, MetadataKind.existential.rawValue,
            MetadataKind.metatype.rawValue, MetadataKind.existentialMetatype.rawValue:
            return true
        default:
            return false
        }
    }

    /// Whether the reference-count word of what may be an object at `object` can be read by
    /// the runtime without faulting: inline counts (bit 63, `UseSlowRC`, clear), an immortal
    /// object (every strong-count bit, 33–62, set), or a side table whose address (the word
    /// shifted left by 3, `SideTableRefCountBits`) is readable. Swift 6.3.1, 64-bit Linux.
    static func hasReadableReferenceCounts(_ object: UnsafeRawPointer, isReadable: (UInt, Int) -> Bool) -> Bool {
        let word = object.load(fromByteOffset: 8, as: UInt64.self)
        guard word >> 63 == 1 else { return true }
        if (word >> 33) & 0x3FFF_FFFF == 0x3FFF_FFFF { return true }
        let sideTable = UInt(truncatingIfNeeded: word << 3)
        return sideTable & 7 == 0 && isReadable(sideTable, 32)
    }

    /// Whether an object with this (already validated) metadata fits a block of `blockSize`
    /// bytes: a class's `InstanceSize` (32-bit, byte 24) or a context's first capture offset
    /// (byte 8) is at most the block size.
    static func fitsBlock(metadata word: UInt, blockSize: Int) -> Bool {
        guard let metadata = UnsafeRawPointer(bitPattern: word) else { return false }
        switch metadata.load(as: UInt.self) {
        case MetadataKind.class.rawValue:
            return Int(metadata.load(fromByteOffset: 24, as: UInt32.self)) <= blockSize
        case MetadataKind.heapLocalVariable.rawValue, MetadataKind.heapGenericLocalVariable.rawValue:
            return Int(metadata.load(fromByteOffset: 8, as: UInt32.self)) <= blockSize
        default:
            return true
        }
    }

    // MARK: Names

    /// Reads the mangled name at `start` up to its terminating 0 (at most `limit` bytes),
    /// calling `visit` with each character's byte offset and value, or with nil for a symbolic
    /// reference (0x01–0x17 and a 4-byte relative offset, 0x18–0x1F and a pointer), whose
    /// bytes may be 0.
    ///
    /// - Returns: The name's length, or nil when it has no end within `limit` bytes.
    static func scanMangledName(
        at start: UnsafeRawPointer,
        limit: Int = 4096,
        _ visit: (_ offset: Int, _ byte: UInt8?) -> Void
    ) -> Int? {
        var offset = 0
        while offset < limit {
            let byte = start.load(fromByteOffset: offset, as: UInt8.self)
            switch byte {
            case 0:
                return offset
            case 0x01...0x17:
                visit(offset, nil)
                offset += 5
            case 0x18...0x1F:
                visit(offset, nil)
                offset += 1 + MemoryLayout<UnsafeRawPointer>.size
            default:
                visit(offset, byte)
                offset += 1
            }
        }
        return nil
    }

    /// The length of the mangled name at `start` and its last two characters (empty when
    /// either is part of a symbolic reference): the ownership operator of a field or capture
    /// type (`Xw`, `Xo`, `Xu`) or a box (`Xx`, `Xb`).
    static func mangledNameSuffix(at start: UnsafeRawPointer) -> (length: Int, suffix: String)? {
        var previous: UInt8? = nil
        var last: UInt8? = nil
        guard let length = scanMangledName(at: start, { _, byte in (previous, last) = (last, byte) }) else {
            return nil
        }
        guard let previous, let last else { return (length, "") }
        return (length, String(decoding: [previous, last], as: UTF8.self))
    }

}
