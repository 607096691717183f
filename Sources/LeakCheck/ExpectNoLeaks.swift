import Reclaim
import Testing
import XCTest

/// Runs `body` and fails the running test if it left unreachable reference cycles among the
/// tracked objects of `heap` (or, with ``LeakCheck/Options/reportsSurvivors``, objects still
/// alive), with a report of each cycle's types, properties and allocation sites.
///
/// Works in Swift Testing (the failure is an `Issue` at the call site) and in XCTest (an
/// `XCTFail` at the call site). See ``LeakCheck`` for how the check works.
///
/// ```swift
/// @Test func treeDoesNotLeak() {
///     expectNoLeaks {
///         let tree = Tree()
///         tree.insert(42)
///     }
/// }
/// ```
///
/// - Returns: `body`'s result.
/// - Complexity: O(*n* + *e*) in the tracked objects of `heap` and their references, on top
///   of `body`.
@discardableResult
public func expectNoLeaks<Result>(
    _ options: LeakCheck.Options = LeakCheck.Options(),
    in heap: Heap = .current,
    fileID: String = #fileID,
    filePath: StaticString = #filePath,
    line: UInt = #line,
    column: UInt = #column,
    _ body: () throws -> Result
) rethrows -> Result {
    let (result, report) = try LeakCheck.run(options, in: heap, body)
    if !report.isClean {
        let message = "expectNoLeaks: " + report.description
        if Test.current != nil {
            let location = SourceLocation(
                fileID: fileID,
                filePath: "\(filePath)",
                line: Int(line),
                column: Int(column)
            )
            Issue.record(Comment(rawValue: message), sourceLocation: location)
        } else {
            XCTFail(message, file: filePath, line: line)
        }
    }
    return result
}
