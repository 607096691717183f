/// A storage object that holds references on behalf of tracked objects: the buffer of an
/// `Array`, `ContiguousArray`, `Set` or `Dictionary`, the box of an `indirect` enum case, or
/// the box of a value in an existential. A reference scan makes one a node of its graph when
/// more than one reference to it may exist, as CPython counts a list as an object of its own.
struct StorageNode {
    /// The storage object, retained by the scan from when it was first seen until its count is
    /// read at the end of that batch of `traverse(_:)` calls.
    let address: UnsafeRawPointer
    /// The type of the value that reported it (`Array<Page>`, an enum, `Any`), for messages
    /// and for grouping the reporters of an over-report.
    let containerType: Any.Type
    /// Its strong references, less the scan's own, read once the batch's `traverse` calls (and
    /// their temporary copies) are over; -1 until then.
    var count: Int32 = -1

    /// Whether nothing held the storage once the `traverse` that reported it returned: it was
    /// a temporary (a computed collection, or a copy the optimizer re-boxed). Its contents are
    /// then not references its reporter holds, and no count is lowered for them.
    var isTemporary: Bool { count == 0 }

    /// A name for messages: `[Page] storage`, `[String: Page] storage`, `Set<Page> storage`,
    /// `List box`, `Any box`.
    var description: String {
        Self.describe(containerType)
    }

    static func describe(_ containerType: Any.Type) -> String {
        let name = _typeName(containerType, qualified: false)
        for (prefix, format) in [("Array<", "[%] storage"), ("ContiguousArray<", "ContiguousArray<%> storage")] {
            if name.hasPrefix(prefix), name.hasSuffix(">") {
                return format.replacingOccurrences(of: "%", with: String(name.dropFirst(prefix.count).dropLast()))
            }
        }
        if name.hasPrefix("Dictionary<"), name.hasSuffix(">") {
            let arguments = name.dropFirst("Dictionary<".count).dropLast()
            if let comma = arguments.firstIndex(of: ",") {
                let key = arguments[..<comma]
                let value = arguments[arguments.index(after: comma)...].drop { $0 == " " }
                return "[\(key): \(value)] storage"
            }
        }
        if name.hasPrefix("Set<") { return "\(name) storage" }
        return "\(name) box"
    }
}

extension String {
    /// `self` with every `target` replaced by `replacement`, without Foundation.
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
