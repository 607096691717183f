import Reclaim

/// The names of objects' dynamic types, computed once per metatype: building a type's name
/// costs a String allocation and a runtime walk, looking it up again costs a hash.
package struct TypeNameCache {
    private let style: TypeNameStyle
    private var names: [ObjectIdentifier: String] = [:]

    /// Creates an empty cache that writes names in `style`.
    package init(style: TypeNameStyle) {
        self.style = style
    }

    /// The name of the dynamic type of `object`.
    package mutating func name(of object: AnyObject) -> String {
        let objectType: AnyObject.Type = type(of: object)
        let key = ObjectIdentifier(objectType)
        if let name = names[key] { return name }
        let name = _typeName(objectType, qualified: style == .qualified)
        names[key] = name
        return name
    }
}
