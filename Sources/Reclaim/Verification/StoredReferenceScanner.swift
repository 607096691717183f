/// Finds, by reflection, the references to `GCObject`s that an object's stored properties hold,
/// and how each is held.
///
/// `Mirror` lists the stored properties of each class of the object and of the values inside
/// them (optionals, collections, dictionaries, tuples, structs, enum payloads); field metadata
/// (`RuntimeShims.storedFields(of:)`) tells which properties are `weak` or `unowned`, which
/// `Mirror` shows as ordinary values. A class instance is one reference and is not entered: a
/// `GCObject` reports its own references, and any other object's references are its own.
///
/// Reflection reads properties without running user code (no getters, no `customMirror`, no
/// `lazy` initializers). A scanner caches what it learns about types, so reuse one for a run.
struct StoredReferenceScanner {
    /// How far the ownership of the references found in a value can be trusted.
    private enum Provenance {
        /// Declared by field metadata (or by the kind of value: optionals, collections).
        case declared
        /// Shown by a custom mirror or found in a type without field metadata.
        case uncertain
        /// Inside an `Unmanaged`.
        case manuallyRetained
    }

    private var fieldsByType: [ObjectIdentifier: [(name: String, ownership: FieldOwnership)]?] = [:]
    private var referenceFreeByType: [ObjectIdentifier: Bool] = [:]
    private var isThorough = false
    private var found = StoredReferences()

    /// Finds what the stored properties of `object` hold, from its dynamic class up to (not
    /// including) `GCObject`.
    ///
    /// - Parameters:
    ///   - object: An object whose class does not provide a custom mirror.
    ///   - thoroughly: Whether to also read `unowned` and `unowned(unsafe)` properties and
    ///     look inside `Unmanaged` values, reflecting every value that is not a collection of
    ///     plain data. Reading an `unowned` property traps (or worse, for `unowned(unsafe)`)
    ///     if its object has already been deinitialized, so only do it to explain a reported
    ///     reference that nothing else holds.
    /// - Returns: The references found; `nil` when they cannot be told reliably: a class
    ///   without readable field metadata, property names that do not match `Mirror`'s, or a
    ///   reference to a `GCObject` where ownership is unknown.
    mutating func scan(_ object: GCObject, thoroughly: Bool) -> StoredReferences? {
        isThorough = thoroughly
        found = StoredReferences()
        defer { found = StoredReferences() }
        var level: Mirror? = Mirror(reflecting: object)
        while let mirror = level, mirror.subjectType != GCObject.self {
            guard scanStoredProperties(of: mirror, path: nil, provenance: .declared) else { return nil }
            level = mirror.superclassMirror
        }
        return found.hasUncertainReferences ? nil : found
    }

    /// Scans the stored properties of the class or struct `mirror` reflects, with their
    /// declared ownership; returns false if its field metadata is missing or does not match.
    private mutating func scanStoredProperties(of mirror: Mirror, path: String?, provenance: Provenance) -> Bool {
        let children = mirror.children
        guard !children.isEmpty else { return true }
        guard let fields = storedFields(of: mirror.subjectType), fields.count == children.count else {
            return false
        }
        for (field, index) in zip(fields, children.indices) {
            if field.ownership == .unowned || field.ownership == .unownedUnsafe, !isThorough { continue }
            let child = children[index]
            guard child.label == field.name else { return false }
            scanValue(
                child.value,
                path: Self.path(path, member: RuntimeShims.declaredName(ofField: field.name)),
                ownership: field.ownership,
                provenance: provenance
            )
        }
        return true
    }

    /// Records the `GCObject`s that `value` is or holds.
    private mutating func scanValue(_ value: Any, path: String, ownership: FieldOwnership, provenance: Provenance) {
        let valueType = type(of: value)
        if valueType is AnyObject.Type {
            guard let object = value as? GCObject else { return }
            switch provenance {
            case .declared: found.record(object, path: path, ownership: ownership)
            case .uncertain: found.hasUncertainReferences = true
            case .manuallyRetained: found.manuallyRetained.insert(ObjectIdentifier(object))
            }
            return
        }
        if RuntimeShims.metadataKind(unsafeBitCast(valueType, to: UnsafeRawPointer.self)) == .function {
            // A closure shows no children: its captures are read from runtime metadata.
            for object in Self.objectsCaptured(by: value) {
                switch provenance {
                case .declared: found.record(object, path: path, ownership: ownership)
                case .uncertain: found.hasUncertainReferences = true
                case .manuallyRetained: found.manuallyRetained.insert(ObjectIdentifier(object))
                }
            }
            return
        }
        if canSkip(valueType) { return }
        let mirror = Mirror(reflecting: value)
        // A custom mirror can show anything; the standard library's show what they store.
        let hasCustomMirror = valueType is CustomReflectable.Type
        var childProvenance = provenance
        if hasCustomMirror, !_typeName(valueType).hasPrefix("Swift."), provenance == .declared {
            childProvenance = .uncertain
        } else if valueType is ManuallyRetainedReference.Type {
            childProvenance = .manuallyRetained
        }
        switch mirror.displayStyle {
        case .optional:
            for child in mirror.children {
                scanValue(child.value, path: path, ownership: ownership, provenance: childProvenance)
            }
        case .collection, .set, .dictionary:
            for child in mirror.children {
                scanValue(child.value, path: path + "[]", ownership: ownership, provenance: childProvenance)
            }
        case .struct where !hasCustomMirror:
            if !scanStoredProperties(of: mirror, path: path, provenance: childProvenance) {
                scanChildren(of: mirror, path: path, ownership: ownership, provenance: .uncertain)
            }
        default:
            scanChildren(of: mirror, path: path, ownership: ownership, provenance: childProvenance)
        }
    }

    /// The `GCObject`s the closure `value` captures, directly or through the boxes, closures
    /// and collections it captures (see `ClosureTracing`).
    private static func objectsCaptured(by value: Any) -> [GCObject] {
        guard RuntimeProbes.walksObjectReferences else { return [] }
        func captured<Function>(_ function: Function) -> [GCObject] {
            var objects: [GCObject] = []
            withUnsafeBytes(of: function) { bytes in
                guard let address = bytes.baseAddress else { return }
                ClosureTracing.trace(valueAt: address, of: Function.self) { objects.append($0) }
            }
            return objects
        }
        return _openExistential(value, do: captured)
    }

    /// Scans the children of a tuple, an enum case's payload or a value with a custom mirror,
    /// named by their labels.
    private mutating func scanChildren(
        of mirror: Mirror,
        path: String,
        ownership: FieldOwnership,
        provenance: Provenance
    ) {
        for (offset, child) in mirror.children.enumerated() {
            scanValue(
                child.value,
                path: Self.path(path, member: child.label ?? ".\(offset)"),
                ownership: ownership,
                provenance: provenance
            )
        }
    }

    /// Whether values of `type` need not be reflected. A thorough scan only skips standard
    /// collections, which can be large; others skip every type without class references.
    private mutating func canSkip(_ type: Any.Type) -> Bool {
        if isThorough, !(type is TypedContainer.Type) { return false }
        return holdsNoReferences(type)
    }

    /// Whether values of `type` can hold no class references at all: trivial types other
    /// than `Unmanaged`, strings, and standard collections of them; cached.
    private mutating func holdsNoReferences(_ type: Any.Type) -> Bool {
        let key = ObjectIdentifier(type)
        if let cached = referenceFreeByType[key] { return cached }
        func isTrivial<T>(_: T.Type) -> Bool { _isPOD(T.self) }
        let result: Bool
        if let collection = type as? TypedContainer.Type {
            result = collection.storedTypes.allSatisfy { holdsNoReferences($0) }
        } else if type is ManuallyRetainedReference.Type {
            result = false
        } else {
            result =
                type == String.self || type == Substring.self || type == Character.self
                || _openExistential(type, do: isTrivial)
        }
        referenceFreeByType[key] = result
        return result
    }

    /// The stored properties of `type`, cached.
    private mutating func storedFields(of type: Any.Type) -> [(name: String, ownership: FieldOwnership)]? {
        let key = ObjectIdentifier(type)
        if let cached = fieldsByType[key] { return cached }
        let fields = RuntimeShims.storedFields(of: type)
        fieldsByType[key] = fields
        return fields
    }

    /// `member` appended to `path`: `path.member`, or `path.0` for a tuple label `.0`.
    private static func path(_ path: String?, member: String) -> String {
        guard let path else { return member }
        return member.hasPrefix(".") ? path + member : path + "." + member
    }

}
