import Reclaim
import Testing
import XCTest

/// Runs `body` and fails the running test if it left reference cycles that nothing outside
/// refers to (among every Swift object it created, plain classes and closures included) or,
/// with ``LeakCheck/Options/reportsSurvivors``, tracked objects still alive, with a report of
/// each cycle's types, properties, captures and allocation sites.
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
    recordLeaks(report, fileID: fileID, filePath: filePath, line: line, column: column)
    return result
}

/// Runs the asynchronous `body` under a leak check and fails the running test if it leaked,
/// as the synchronous ``expectNoLeaks(_:in:fileID:filePath:line:column:_:)`` does.
///
/// - Returns: `body`'s result.
@discardableResult
public func expectNoLeaks<Result>(
    _ options: LeakCheck.Options = LeakCheck.Options(),
    in heap: Heap = .current,
    isolation: isolated (any Actor)? = #isolation,
    fileID: String = #fileID,
    filePath: StaticString = #filePath,
    line: UInt = #line,
    column: UInt = #column,
    _ body: () async throws -> Result
) async rethrows -> Result {
    let (result, report) = try await LeakCheck.run(options, in: heap, body)
    recordLeaks(report, fileID: fileID, filePath: filePath, line: line, column: column)
    return result
}

/// Records a Swift Testing issue (or an XCTest failure outside Swift Testing) with the report,
/// unless it is clean.
func recordLeaks(_ report: LeakReport, fileID: String, filePath: StaticString, line: UInt, column: UInt) {
    guard !report.isClean else { return }
    let message = "expectNoLeaks: " + report.description
    if Test.current != nil {
        let location = SourceLocation(fileID: fileID, filePath: "\(filePath)", line: Int(line), column: Int(column))
        Issue.record(Comment(rawValue: message), sourceLocation: location)
    } else {
        XCTFail(message, file: filePath, line: line)
    }
}
