/// An object that some `traverse(_:)` reported more often than it is referenced: found by a
/// collection, which then cleared nothing (see ``CollectionInfo/suspects``).
///
/// A working count can only go below zero when `traverse` methods report references that do
/// not exist (a `weak` or `unowned` property, a duplicate, an object not held at all). The
/// collector notices it at no extra cost while it scans; the referrer types name whose
/// `traverse` to look at, and ``GC/verify()`` names the property.
public struct TraverseSuspect: Sendable, Hashable, CustomStringConvertible {
    /// The type of the object reported too often.
    public var referencedTypeName: String

    /// The types of the objects whose `traverse` reported it, sorted.
    public var referrerTypeNames: [String]

    /// How far below zero the working counts went: at least this many more references were
    /// reported than exist (references from outside the collected objects hide the rest).
    public var excess: Int

    /// Creates a description of an over-reported object.
    public init(referencedTypeName: String, referrerTypeNames: [String], excess: Int) {
        self.referencedTypeName = referencedTypeName
        self.referrerTypeNames = referrerTypeNames
        self.excess = excess
    }

    /// One line: `traverse(_:) of A, B reported at least 1 more reference to C than exist`.
    public var description: String {
        let referrers = referrerTypeNames.joined(separator: ", ")
        let references = excess == 1 ? "reference" : "references"
        return
            "traverse(_:) of \(referrers) reported at least \(excess) more \(references) to \(referencedTypeName) than exist"
    }
}
