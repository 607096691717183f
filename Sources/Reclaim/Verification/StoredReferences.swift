/// The references to tracked objects that one object's stored properties hold, found by
/// reflection, each with the path of the property that holds it.
struct StoredReferences {
    /// For each object held strongly, the path of every strong reference to it (one entry per
    /// reference, so an object held twice has two).
    var strong: [ObjectIdentifier: [String]] = [:]

    /// For each object referred to by a `weak`, `unowned` or `unowned(unsafe)` property, the
    /// path and ownership of each such reference.
    var nonStrong: [ObjectIdentifier: [(path: String, ownership: FieldOwnership)]] = [:]

    /// The objects referred to from inside an `Unmanaged`, which may or may not have been
    /// retained by hand.
    var manuallyRetained: Set<ObjectIdentifier> = []

    /// The class of every object found.
    var types: [ObjectIdentifier: GCObject.Type] = [:]

    /// The objects held strongly that no heap tracks (their classes never override
    /// `traverse(_:)`), kept alive by the object being scanned while the scan runs.
    var untracked: [ObjectIdentifier: Unmanaged<GCObject>] = [:]

    /// Whether a reference was found where its ownership cannot be told (inside a value with
    /// a custom mirror, or a type without reflection metadata).
    var hasUncertainReferences = false

    mutating func record(_ object: GCObject, path: String, ownership: FieldOwnership) {
        let identifier = ObjectIdentifier(object)
        types[identifier] = type(of: object)
        if ownership == .strong {
            strong[identifier, default: []].append(path)
            if object.gcHeapID == 0 { untracked[identifier] = Unmanaged.passUnretained(object) }
        } else {
            nonStrong[identifier, default: []].append((path, ownership))
        }
    }
}
