import Reclaim

/// One object in a ``ReferenceChain``, with how the object before it holds it.
///
/// A link holds its object strongly, so while a chain exists it adds one to the retain count
/// of each object in it.
public struct ReferenceLink {
    /// The object.
    public let object: GCObject
    /// The short name of the object's dynamic type.
    public let typeName: String
    /// The stored-property paths through which the previous link's object holds this one
    /// (`next`, `children[]`, `pair.first`), one per reference, found by reflection.
    ///
    /// Empty for the first link, and when reflection cannot name the reference: the previous
    /// object's class has a custom mirror or no field metadata, or its `traverse` reports a
    /// reference that no stored property holds.
    public let propertyPaths: [String]

    /// Creates a link.
    public init(object: GCObject, typeName: String, propertyPaths: [String]) {
        self.object = object
        self.typeName = typeName
        self.propertyPaths = propertyPaths
    }
}
