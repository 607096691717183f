/// A value that can hold strong references to ``GCObject``s and report them, so a tracked
/// object that stores it can include them in its ``GCObject/traverse(_:)``.
///
/// Value types stored inside tracked objects (a struct of two nodes, an enum whose cases
/// carry nodes) conform to `Traceable`; `@Traced` (in the `ReclaimMacros` product) writes the
/// conformance for you. The standard library's value types conform with no references, and
/// `Optional`, `Array`, `ContiguousArray`, `Set` and `Dictionary` conform when their elements
/// do, so a tracked object can report `[String: [Node?]]` with one call. A `GCObject`
/// reference, as a value, is one reference: it reports itself.
///
///     struct Edge: Traceable {
///         var from: Node
///         var to: Node?
///
///         func traceReferences(_ visit: (GCObject) -> Void) {
///             visit(from)
///             if let to { visit(to) }
///         }
///
///         mutating func clearReferences() {
///             to = nil
///         }
///     }
///
/// Conform value types only. The rule of ``GCObject/traverse(_:)`` applies: each strong
/// reference reported exactly once. A class instance that two tracked objects store would be
/// reported by both, although it holds its references only once.
public protocol Traceable {
    /// Calls `visit` once for each strong reference to a `GCObject` this value holds.
    ///
    /// - Complexity: O(*n*) in the number of references reported.
    func traceReferences(_ visit: (GCObject) -> Void)

    /// Drops the references this value holds where it can (optionals become `nil`, collections
    /// become empty), so that a collection can break a cycle that runs through it. The default
    /// does nothing.
    mutating func clearReferences()

    /// Whether values of this type can hold a reference to a `GCObject` that the object
    /// storing them should report. False for plain data such as `Int` and `String`; traced
    /// properties and collections of such types are skipped whole. The default is true for
    /// value types and false for classes other than `GCObject`: a class instance may be shared
    /// by several tracked objects, and each reporting its references would count them twice.
    static var mayContainReferences: Bool { get }
}

extension Traceable {
    /// Does nothing: a type that cannot drop its references leaves breaking the cycle to the
    /// other objects in it.
    public mutating func clearReferences() {}

    /// True: values of a type that does not say otherwise may hold references.
    public static var mayContainReferences: Bool { true }
}

extension Traceable where Self: AnyObject {
    /// False: an instance of a class may be shared by several tracked objects, so they must not
    /// report its references (a missed reference only leaks). Make the class a `GCObject` to
    /// have it tracked itself.
    public static var mayContainReferences: Bool { false }
}
