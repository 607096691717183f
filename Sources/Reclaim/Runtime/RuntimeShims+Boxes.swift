internal import CReclaimShims

extension RuntimeShims {
    /// The heap box that holds the payload of an `indirect` enum case, given a value known to
    /// be in such a case.
    ///
    /// The payload of an indirect case is a reference to a box (a heap object laid out like a
    /// closure context), stored in the payload area, possibly with the case tag in its spare
    /// bits. This copies the value's bytes into scratch memory (no retain), strips the tag with
    /// the enum's value witness `destructiveProjectEnumData` (the enum value witness table
    /// follows the value witness table, its second function at byte offset 96; Swift 6.3.1,
    /// 64-bit Linux), and reads the first word. The scratch copy is never destroyed.
    ///
    /// - Returns: `nil` on platforms whose layout Reclaim does not read.
    static func indirectPayloadBox<Enum>(of value: Enum) -> UnsafeRawPointer? {
        guard MemoryLayout<Enum>.size >= MemoryLayout<UInt>.size else { return nil }
        let metadata = unsafeBitCast(Enum.self, to: UnsafeRawPointer.self)
        return withUnsafeBytes(of: value) { bytes in
            withUnsafeTemporaryAllocation(
                byteCount: bytes.count,
                alignment: Swift.max(MemoryLayout<Enum>.alignment, MemoryLayout<UInt>.alignment)
            ) { scratch in
                scratch.copyMemory(from: bytes)
                guard let base = scratch.baseAddress, reclaim_project_enum_payload(base, metadata) else {
                    return nil
                }
                let word = base.load(as: UInt.self)
                guard word & 7 == 0 else { return nil }
                return UnsafeRawPointer(bitPattern: word)
            }
        }
    }

    /// How an existential type stores its value, read from its metadata.
    enum ExistentialRepresentation {
        /// `Any`, `any P`: a three-word buffer or a box, the dynamic type, witness tables.
        case opaque
        /// `AnyObject`, `any P` with `P: AnyObject`: one class reference, witness tables.
        case classBound
        /// `any Error`: a reference to an error box.
        case error
        /// Not an existential type.
        case notExistential
    }

    /// How values of `type` are stored, when it is an existential type.
    ///
    /// Layout (Swift 6.3.1, 64-bit Linux): existential type metadata has kind 0x303 and 32-bit
    /// flags at byte offset 8: bit 31 set means not class-bound, bits 24–29 the special
    /// protocol (1 for `Error`). Checked against `Any` (0x80000000), `any P` (0x80000001),
    /// `AnyObject` (0), a class-bound protocol (1), `any Error` (0x81000001) and a
    /// superclass-constrained composition (0x40000001). Elsewhere every existential counts as
    /// an error existential, which is never reported.
    static func existentialRepresentation(of type: Any.Type) -> ExistentialRepresentation {
        // The flags read below are those of existential metadata only.
        let metadata = unsafeBitCast(type, to: UnsafeRawPointer.self)
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            guard metadata.load(as: UInt.self) == 0x303 else { return .notExistential }
            let flags = metadata.load(fromByteOffset: 8, as: UInt32.self)
            if flags & 0x3F00_0000 != 0 { return .error }
            return flags & 0x8000_0000 != 0 ? .opaque : .classBound
        #else
            return .error
        #endif
    }

    /// Whether `type` is an existential type: metadata kind 0x303 (`Any`, `any P`,
    /// `AnyObject`, `any Error`) or 0x307 (an extended existential, such as `any P<Node>`),
    /// Swift 6.3.1, 64-bit Linux. Elsewhere false: a generic value is then reported as its
    /// dynamic type's, as before storage was counted.
    static func isExistential(_ type: Any.Type) -> Bool {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            let kind = unsafeBitCast(type, to: UnsafeRawPointer.self).load(as: UInt.self)
            return kind == 0x303 || kind == 0x307
        #else
            return false
        #endif
    }

    /// The heap box holding the value of an opaque existential (`Any`, `any P`) inside
    /// `value`, or `nil` when the value is stored inline in the container, the existential is
    /// class-bound or an error, or `value` is `nil`.
    ///
    /// Layout (Swift 6.3.1, 64-bit Linux): existential type metadata has kind 0x303 and 32-bit
    /// flags at byte offset 8; the representation is opaque when bit 31 is set and the special
    /// protocol (bits 24–29) is none. An opaque container is three words of buffer, the
    /// dynamic type's metadata and the witness tables; a value too large for the buffer (or
    /// not bitwise-takable) lives in a box whose address is the first word. `Optional` of an
    /// existential has the same layout, `nil` being a null metadata word. The value is passed
    /// wrapped in an `Optional` because that keeps the stored container as it is: passing an
    /// existential to a generic parameter opens it, and converting `any P` to `Any` re-boxes
    /// the value (seen in release builds).
    static func existentialBox<Existential>(in value: Existential?) -> UnsafeRawPointer? {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            guard existentialRepresentation(of: Existential.self) == .opaque,
                MemoryLayout<Existential?>.size >= 4 * MemoryLayout<UInt>.size
            else { return nil }
            return withUnsafeBytes(of: value) { bytes -> UnsafeRawPointer? in
                guard let dynamicType = UnsafeRawPointer(bitPattern: bytes.load(fromByteOffset: 24, as: UInt.self))
                else { return nil }
                guard !isStoredInlineInExistential(unsafeBitCast(dynamicType, to: Any.Type.self)) else { return nil }
                return UnsafeRawPointer(bitPattern: bytes.load(as: UInt.self))
            }
        #else
            return nil
        #endif
    }
}
