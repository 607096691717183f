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
    /// How copies of the value refer to it: a collection's buffer, or a box.
    let sharing: SharedStorage.Sharing
    /// Its strong references, less the scan's own, read once the batch's `traverse` calls (and
    /// their temporary copies) are over; -1 until then.
    var count: Int32 = -1
    /// The candidate whose `traverse` reported a temporary storage node, for the message that
    /// says its references went uncounted; -1 otherwise.
    var temporaryReporter: Int32 = -1

    /// Whether nothing held the storage once the `traverse` that reported it returned: it was
    /// a temporary (a computed collection, or a copy the optimizer re-boxed). Its contents are
    /// then not references its reporter holds, and no count is lowered for them.
    ///
    /// Attributing them to the reporter instead would be exact only when the reporter holds
    /// them itself: a collection computed from storage that something outside shares (an
    /// `Array(dictionary.values)` of a dictionary a local copied) would then make that
    /// storage's contents look unreachable. Left uncounted, they can only be kept alive.
    var isTemporary: Bool { count == 0 }

    /// A name for messages: `[Page] storage`, `[String: Page] storage`, `Set<Page> storage`,
    /// `List box`, `Any box`.
    var description: String {
        Self.describe(containerType, sharing: sharing)
    }

    static func describe(_ containerType: Any.Type, sharing: SharedStorage.Sharing) -> String {
        let name = sugared(_typeName(containerType, qualified: false))
        return sharing == .buffer ? "\(name) storage" : "\(name) box"
    }

    /// `name` with `Array<X>`, `Dictionary<K, V>` and `Optional<X>` written as Swift code
    /// writes them (`[X]`, `[K: V]`, `X?`), at any depth.
    static func sugared(_ name: String) -> String {
        if name.hasPrefix("("), name.hasSuffix(")") {
            let elements = genericArguments(name.dropFirst().dropLast()).map { element in
                // A labeled element: `label: Type`.
                if let colon = element.firstIndex(of: ":"),
                    element[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
                {
                    return element[...colon] + " "
                        + sugared(String(element[element.index(after: colon)...]).trimmingSpaces())
                }
                return sugared(element)
            }
            return "(\(elements.joined(separator: ", ")))"
        }
        guard let open = name.firstIndex(of: "<"), name.hasSuffix(">") else { return name }
        let base = name[..<open]
        let arguments = genericArguments(name[name.index(after: open)..<name.index(before: name.endIndex)])
            .map(sugared)
        switch (base, arguments.count) {
        case ("Array", 1): return "[\(arguments[0])]"
        case ("Dictionary", 2): return "[\(arguments[0]): \(arguments[1])]"
        case ("Optional", 1): return "\(arguments[0])?"
        default: return "\(base)<\(arguments.joined(separator: ", "))>"
        }
    }

    /// The top-level, comma-separated arguments of a generic argument list.
    private static func genericArguments(_ list: Substring) -> [String] {
        var arguments: [String] = []
        var depth = 0
        var start = list.startIndex
        for index in list.indices {
            switch list[index] {
            case "<", "(", "[": depth += 1
            case ">", ")", "]": depth -= 1
            case "," where depth == 0:
                arguments.append(String(list[start..<index]).trimmingSpaces())
                start = list.index(after: index)
            default: break
            }
        }
        arguments.append(String(list[start...]).trimmingSpaces())
        return arguments
    }
}

extension String {
    /// `self` without leading and trailing spaces, without Foundation.
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
