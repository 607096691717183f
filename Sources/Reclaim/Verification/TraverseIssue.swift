/// A mismatch between what the `traverse(_:)` of some objects reports and the strong
/// references those objects hold, found by ``Heap/verify()``.
///
/// Objects of one type with the same mistake share one issue, counted in ``occurrences``.
public struct TraverseIssue: Hashable, Sendable {
    /// Which way `traverse(_:)` and the stored properties disagree.
    public enum Kind: Hashable, Sendable {
        /// `traverse(_:)` reports a reference more times than the object holds it strongly:
        /// a `weak` or `unowned` property, the same reference twice, or an object the object
        /// does not hold at all. The collector could clear an object that is still in use.
        case reportsReferenceNotHeld

        /// The object holds a strong reference that `traverse(_:)` does not report. The
        /// referenced object looks referenced from outside, so a cycle through it can leak.
        case missesReference

        /// `traverse(_:)` reports an object that another heap tracks. Each heap counts such a
        /// reference as one from outside, so a reference cycle through it is never collected.
        case referencesAnotherHeap

        /// Whether the mistake can make the collector clear an object that is still in use.
        public var isDangerous: Bool { self == .reportsReferenceNotHeld }
    }

    /// The name of the class whose `traverse(_:)` is wrong.
    public let typeName: String

    /// The path of the stored property involved, such as `parent`, `children[]`,
    /// `pair.first` or `table[].value` (`[]` stands for any element); `nil` when
    /// `traverse(_:)` reports an object that no property holds.
    public let property: String?

    /// Which way `traverse(_:)` is wrong.
    public let kind: Kind

    /// The name of the class of the object that is reported or missed.
    public let referencedTypeName: String

    /// The number of objects with this issue.
    public let occurrences: Int

    /// What is wrong and what it can cause, in a sentence.
    public let explanation: String
}

extension TraverseIssue: CustomStringConvertible {
    /// One line: where, what, and how many objects.
    public var description: String {
        let location = property.map { "\(typeName).\($0)" } ?? typeName
        let objects = occurrences == 1 ? "1 object" : "\(occurrences) objects"
        return "\(location): \(explanation) — \(objects)"
    }
}
