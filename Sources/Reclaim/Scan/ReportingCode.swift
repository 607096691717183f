/// What code reports a node's references, as far as types can tell: the identities of the
/// types whose `traverse(_:)` or `traceReferences(_:)` runs when a node is scanned.
///
/// When a scan proves that some reporting code lies (an over-report), every node whose
/// reporting code overlaps the liar's is distrusted too (see `OverReport`): a bug lives in code,
/// and code is shared through superclasses and through the value types that classes store.
///
/// - A class's signature: the class and its superclasses below `GCObject` (a `traverse` runs
///   `super.traverse`), and the `Traceable` value types that may hold references stored in
///   one instance, through optionals, collections, tuples and payloads (their
///   `traceReferences` runs inside the class's `traverse`).
/// - A storage node's signature: its container type and the `Traceable` value types of its
///   elements.
///
/// Values are read by reflection, without running user code (no custom mirrors, no
/// `unowned` properties), a few levels deep and a few elements into each collection: a
/// signature may miss a type that appears only deeper, which a wider sample would find.
enum ReportingCode {
    /// How deep into nested values, and how many elements into each collection, the reflection
    /// looks.
    static let maximumDepth = 6
    static let elementsPerCollection = 8

    /// The signature of `object`'s reporting code; its class chain only unless
    /// `reflectingStoredValues` (an object being deinitialized or written must not be read).
    static func signature(of object: GCObject, reflectingStoredValues: Bool) -> Set<ObjectIdentifier> {
        var signature: Set<ObjectIdentifier> = []
        var level: AnyClass? = type(of: object)
        while let current = level, current != GCObject.self {
            signature.insert(ObjectIdentifier(current))
            level = _getSuperclass(current)
        }
        guard reflectingStoredValues, !(object is CustomReflectable) else { return signature }
        var mirrorLevel: Mirror? = Mirror(reflecting: object)
        while let mirror = mirrorLevel, mirror.subjectType != GCObject.self {
            collectStoredValueTypes(of: mirror, depth: 0, into: &signature)
            mirrorLevel = mirror.superclassMirror
        }
        return signature
    }

    /// The signature of the code that reports the contents of storage reported through a value
    /// of `containerType`.
    static func signature(ofContainer containerType: Any.Type) -> Set<ObjectIdentifier> {
        var signature: Set<ObjectIdentifier> = [ObjectIdentifier(containerType)]
        if let container = containerType as? TypedContainer.Type {
            for elementType in container.storedTypes where mayReportReferences(elementType) {
                signature.insert(ObjectIdentifier(elementType))
            }
        }
        return signature
    }

    /// Whether values of `type` run reporting code of their own that could lie: a `Traceable`
    /// value type that may hold references, outside the standard library's conformances.
    private static func mayReportReferences(_ type: Any.Type) -> Bool {
        guard !(type is AnyObject.Type), let traceable = type as? any Traceable.Type,
            traceable.mayContainReferences
        else { return false }
        return !_typeName(type).hasPrefix("Swift.")
    }

    /// Adds the reporting value types among the stored properties `mirror` reflects, skipping
    /// `weak` and `unowned` ones (which are not reported, and reading an `unowned` one could
    /// trap).
    private static func collectStoredValueTypes(
        of mirror: Mirror,
        depth: Int,
        into signature: inout Set<ObjectIdentifier>
    ) {
        let children = mirror.children
        guard !children.isEmpty else { return }
        let fields = RuntimeShims.storedFields(of: mirror.subjectType)
        for (offset, index) in children.indices.enumerated() {
            if let fields, offset < fields.count, fields[offset].ownership != .strong { continue }
            // Ownership unknown (the field metadata cannot be read): a class or a struct may have
            // an `unowned` field, so none is read. Tuples and payloads cannot.
            if fields == nil, mirror.displayStyle == .class || mirror.displayStyle == .struct { return }
            collectValueTypes(in: children[index].value, depth: depth + 1, into: &signature)
        }
    }

    private static func collectValueTypes(in value: Any, depth: Int, into signature: inout Set<ObjectIdentifier>) {
        guard depth <= maximumDepth else { return }
        let valueType = type(of: value)
        if valueType is AnyObject.Type || value is CustomReflectable && !_typeName(valueType).hasPrefix("Swift.") {
            if mayReportReferences(valueType) { signature.insert(ObjectIdentifier(valueType)) }
            return
        }
        if mayReportReferences(valueType) { signature.insert(ObjectIdentifier(valueType)) }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional, .tuple, .enum:
            for child in mirror.children {
                collectValueTypes(in: child.value, depth: depth + 1, into: &signature)
            }
        case .collection, .set, .dictionary:
            for child in mirror.children.prefix(elementsPerCollection) {
                collectValueTypes(in: child.value, depth: depth + 1, into: &signature)
            }
        case .struct:
            collectStoredValueTypes(of: mirror, depth: depth, into: &signature)
        default:
            return
        }
    }
}
