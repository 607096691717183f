/// A ``Traceable`` type whose values never hold a reference to a ``GCObject``: plain data.
///
/// Conforming says so without writing anything: `traceReferences(_:)` reports nothing and
/// ``Traceable/mayContainReferences`` is false, so collections of the type are skipped
/// whole. The standard library's numbers, `Bool`, strings, characters, `Duration` and ranges
/// of them conform, and so do optionals, arrays, sets and dictionaries of conforming types;
/// so do Foundation's `Date`, `UUID`, `URL`, `Data` and `Decimal` when you import
/// `ReclaimMacros`, and every `@Traced` struct or enum that holds nothing to trace. Conform
/// your own plain structs to store them in `@Traced` classes:
///
///     struct Point: ReferenceFree {
///         var x, y: Double
///     }
public protocol ReferenceFree: Traceable {}

extension ReferenceFree {
    /// Reports nothing.
    public func traceReferences(_ visit: (GCObject) -> Void) {}

    /// False.
    public static var mayContainReferences: Bool { false }
}
