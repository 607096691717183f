import Reclaim
import ReclaimInspection

/// Finds the reference cycles a block of code leaves behind: tracked objects it created that
/// nothing outside refers to any more, kept alive only by references among themselves.
///
/// ```swift
/// @Test func closingADocumentFreesIt() {
///     expectNoLeaks {
///         let document = Document()
///         document.open()
///         document.close()
///     }
/// }
/// ```
///
/// ``expectNoLeaks(_:in:fileID:filePath:line:column:_:)`` fails the running test (Swift
/// Testing or XCTest) with a report; ``run(_:in:_:)`` returns the report instead.
///
/// How it works: the block runs with automatic collection of the heap disabled (so no cycle
/// it leaves is freed before the check sees it) and with allocation tracing on (so every
/// object knows where it was allocated and whether that was inside the block). Afterwards,
/// ``Heap/unreachableObjects()`` finds what a full collection would free; the cycles among
/// those objects that contain an object created in the block are the leaks. Each is reported
/// as a path of types and property names, with allocation sites. Then the heap is collected,
/// so a leak found in one test does not stay in memory for the rest of the run. A check that
/// runs inside another check's block on the same heap leaves the collecting to the outer one,
/// which then still sees (and reports) what the inner block leaked.
///
/// Objects created in the block are told apart by their allocation serial numbers. Without
/// allocation tracing (``Options/allocationFrames`` 0, or a build with AddressSanitizer or
/// ThreadSanitizer, which replace malloc), they are told apart by identity from the objects
/// tracked before the block; an object freed in the block whose address a new object then
/// reuses is taken for an old one, so such a check can miss a leak.
///
/// The block runs with `heap` as the current heap (`Heap.withCurrent`), so objects it creates
/// without naming a heap go to `heap`. Only objects tracked by `heap` are checked: objects
/// created in the block in another heap (a `Heap` passed to their initializer) are not seen.
///
/// # Thread safety
/// Checks the objects of one heap (by default the calling thread's): run the block on the
/// heap's thread, as all of its objects are used. Checks on different heaps may run at the
/// same time; allocation tracing stays on while any of them runs.
public enum LeakCheck {
    /// Runs `body`, then reports the unreachable cycles it left among the tracked objects of
    /// `heap` (and, with ``Options/reportsSurvivors``, the objects it created that are still
    /// alive).
    ///
    /// - Returns: `body`'s result and the report; the cycles reported have been freed by a
    ///   collection when this returns.
    /// - Complexity: O(*n* + *e*) in the tracked objects of `heap` and their references, on
    ///   top of `body`; reflection (a few microseconds per object) only for the objects in a
    ///   reported cycle.
    public static func run<Result>(
        _ options: Options = Options(),
        in heap: Heap = .current,
        _ body: () throws -> Result
    ) rethrows -> (result: Result, report: LeakReport) {
        let session = LeakCheckSession(options: options, heap: heap)
        let result: Result
        do {
            // `heap` is current in the block: objects created without a heap (`Document()`)
            // go to it, also in tests, which run in tasks (see `GCObject.init()`).
            result = try heap.withCurrent(body)
        } catch {
            session.end()
            throw error
        }
        let report = session.finish()
        return (result, report)
    }
}
