import Reclaim

/// A path of strong references from one object to another, as found by
/// ``ObjectGraph/backrefChain(to:maxDepth:in:)`` and ``ObjectGraph/refChain(from:to:maxDepth:)``.
///
/// Its ``description`` alternates type names and the property paths between them:
///
///     Window → root → View → children[] → View → delegate → Controller
///
/// A reference that reflection cannot name shows as `?`, and several references between the
/// same two objects are separated by `|` (`Pair → first | second → Node`).
///
/// A chain holds its objects strongly (see ``ReferenceLink``).
public struct ReferenceChain: CustomStringConvertible {
    /// The links, from the chain's start to its end; never empty.
    public let links: [ReferenceLink]

    /// Creates a chain.
    ///
    /// - Parameter links: The links, from start to end; must not be empty.
    public init(links: [ReferenceLink]) {
        precondition(!links.isEmpty, "ReferenceChain(links:): a chain needs at least one link")
        self.links = links
    }

    /// The objects of the links, from start to end.
    public var objects: [GCObject] { links.map(\.object) }

    /// The number of references in the chain: one less than the number of links.
    public var length: Int { links.count - 1 }

    /// The chain as text, for example `Window → root → View → children[] → View`.
    public var description: String {
        var text = links[0].typeName
        for link in links.dropFirst() {
            let paths = link.propertyPaths.isEmpty ? "?" : link.propertyPaths.joined(separator: " | ")
            text += " → \(paths) → \(link.typeName)"
        }
        return text
    }

    /// A chain of `objects`, each link named from the stored properties of the one before.
    static func naming(_ objects: [GCObject]) -> ReferenceChain {
        var names = TypeNameCache(style: .short)
        var links: [ReferenceLink] = []
        links.reserveCapacity(objects.count)
        for (index, object) in objects.enumerated() {
            var paths: [String] = []
            if index > 0 {
                paths = ReferenceNames.strongReferencePaths(of: objects[index - 1])?[ObjectIdentifier(object)] ?? []
            }
            links.append(ReferenceLink(object: object, typeName: names.name(of: object), propertyPaths: paths))
        }
        return ReferenceChain(links: links)
    }
}
