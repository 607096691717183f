import Reclaim

/// A plain class with no stored properties: the 16-byte Swift object header only.
final class EmptyObject {}

/// A plain class with ten `Int`s: 16 + 80 = 96 bytes requested.
final class TenInts {
    var a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0, i = 0, j = 0
}

/// A tracked node: the object header (16), the collector header (8), two references (16)
/// and an array (8): 48 bytes requested.
final class SizedNode: GCObject {
    var next: SizedNode?
    weak var back: SizedNode?
    var numbers: [Int] = []

    override func traverse(_ visit: (GCObject) -> Void) {
        if let next { visit(next) }
    }

    override func clear() { next = nil }
}

/// A tracked holder of strings, dictionaries, sets and nested values.
final class ContainerNode: GCObject {
    var name = ""
    var tags: Set<String> = []
    var table: [String: [Int]] = [:]
    var pair: (first: [Int], second: String?) = ([], nil)
    var children: [ContainerNode] = []

    override func traverse(_ visit: (GCObject) -> Void) {
        children.traceReferences(visit)
    }

    override func clear() { children = [] }
}
