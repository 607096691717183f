/// The result of ``Heap/verify()``: every mismatch found between the `traverse(_:)` of tracked
/// objects and the strong references they hold.
///
///     let report = heap.verify()
///     if !report.isClean { print(report) }
///
/// Issues are grouped by type, property, kind and referenced type, dangerous ones first.
public struct TraverseReport: Hashable, Sendable {
    /// The number of objects whose `traverse(_:)` was checked.
    public let checkedObjects: Int

    /// The mismatches found, dangerous ones (``TraverseIssue/Kind/reportsReferenceNotHeld``)
    /// first, then by type name and property.
    public let issues: [TraverseIssue]

    /// The names of the tracked classes that could not be checked because reflection cannot
    /// tell how they hold their references: classes with a custom mirror (`CustomReflectable`)
    /// or without readable field metadata, and classes with objects that keep tracked objects
    /// inside values with a custom mirror or inside an `Unmanaged` reported by `traverse(_:)`.
    /// None of their objects are counted in ``checkedObjects`` or have issues listed.
    public let unverifiableTypes: [String]

    /// Whether no issue was found. Classes in ``unverifiableTypes`` were not checked.
    public var isClean: Bool { issues.isEmpty }

    /// The issues that can make the collector clear an object that is still in use.
    public var dangerousIssues: [TraverseIssue] { issues.filter(\.kind.isDangerous) }
}

extension TraverseReport: CustomStringConvertible {
    /// A summary line, one line per issue (dangerous ones first), and the classes that
    /// could not be checked.
    public var description: String {
        let objects = checkedObjects == 1 ? "1 object" : "\(checkedObjects) objects"
        var lines: [String]
        if isClean {
            lines = ["Checked \(objects): every traverse reports exactly the references its object holds."]
        } else {
            let count = issues.count == 1 ? "1 issue" : "\(issues.count) issues"
            lines = ["Checked \(objects): \(count), \(dangerousIssues.count) dangerous."]
            lines += issues.map(\.description)
        }
        if !unverifiableTypes.isEmpty {
            lines.append(
                "Not checked (ownership not visible to reflection): \(unverifiableTypes.joined(separator: ", "))."
            )
        }
        return lines.joined(separator: "\n")
    }
}
