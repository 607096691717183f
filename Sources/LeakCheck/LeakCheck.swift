import Reclaim
import ReclaimInspection

/// Finds the reference cycles a block of code leaves behind: objects it created that nothing
/// outside refers to any more, kept alive only by references among themselves. Every Swift
/// object counts (plain classes, closure contexts, collection storage), not only tracked ones.
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
/// How it works: the block runs with automatic collection of the heap disabled and with
/// allocation tracing on, so every object it allocates has a serial number and a call stack.
/// Afterwards the heap is collected (so a leak found in one test does not stay in memory for
/// the rest of the run), and every Swift object still alive that the block allocated is read
/// from runtime metadata (`ReferenceWalker`): its strong references, through properties,
/// captures, enum payloads, existentials and collection storage. As CPython's collector does,
/// each object's retain count minus the references found among these objects tells whether
/// something outside holds it; what nothing outside holds, directly or through others, can
/// never be freed by ARC. Its cycles are the leaks, each reported as the shortest loop of
/// types, property and capture names, with allocation sites:
///
/// ```text
/// 1 leaked reference cycle created in this block (only the cycle keeps it alive; ARC never frees it):
/// cycle 1: Downloader.onFinish → closure context (captures self) → Downloader
/// ```
///
/// Cycles among tracked objects that the collector frees are not leaks and are not reported
/// (strong parent pointers are Reclaim's own design), unless
/// ``Options/reportsCollectableCycles`` asks. A tracked object whose cycle goes through a
/// reference its `traverse` does not report is a leak and is reported. A check that runs inside
/// another check's block on the same heap leaves the collecting to the outer one, and leaves
/// out the garbage a collection would free.
///
/// The check is exact where runtime metadata describes the layout and errs only towards
/// silence: a place it cannot read (a type without reflection metadata, a generic closure
/// capture) counts as a reference from outside, so it can miss a leak; a live object could be
/// reported only if memory were misread (a raw buffer that looks exactly like an object, or an
/// object another thread changes while it is read). Checking every object needs the allocation
/// tracer; in builds with
/// AddressSanitizer or ThreadSanitizer (which replace malloc), only tracked objects are
/// checked, told apart from older ones by identity (an object freed in the block whose
/// address a new object then reuses is taken for an old one), and the report's
/// `checkedAllObjects` is false.
///
/// Only the objects allocated by the task (or, outside tasks, the thread) that runs the block
/// are checked, so tests running in parallel never see each other's objects. The block runs
/// with `heap` as the current heap (`Heap.withCurrent`), so objects it creates without naming a
/// heap go to `heap`.
///
/// # Thread safety
/// Checks the objects of one heap (by default the calling thread's): run the block on the
/// heap's thread, as all of its objects are used. Checks on different heaps may run at the
/// same time; allocation tracing stays on while any of them runs.
public enum LeakCheck {
    /// Runs `body` (after ``Options/warmUpIterations`` unchecked runs), then reports the
    /// cycles it left that nothing outside refers to (and, with ``Options/reportsSurvivors``,
    /// the tracked objects it created that are still alive).
    ///
    /// - Returns: `body`'s result and the report. Collectable cycles have been freed when this
    ///   returns; cycles ARC never frees stay in memory.
    /// - Complexity: O(*n* + *e*) in the tracked objects of `heap` and, when every object is
    ///   checked, in the objects the block allocated that are still alive and their
    ///   references (about 0.1 µs each once their types' layouts are known), on top of `body`.
    public static func run<Result>(
        _ options: Options = Options(),
        in heap: Heap = .current,
        _ body: () throws -> Result
    ) rethrows -> (result: Result, report: LeakReport) {
        for _ in 0..<max(0, options.warmUpIterations) { _ = try heap.withCurrent(body) }
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

    /// Runs the asynchronous `body`, then reports what it leaked, as
    /// ``run(_:in:_:)`` does.
    ///
    /// The check runs in the caller's isolation. Only objects allocated by the calling task
    /// are checked: what other tasks allocate while the body is suspended (another test, or
    /// the body's own child tasks) is left out, so a leak made in a child task is missed. The
    /// body's objects must not be used by other threads while the check reads them, after
    /// the body returns.
    ///
    /// - Returns: `body`'s result and the report.
    /// - Complexity: As ``run(_:in:_:)``.
    public static func run<Result>(
        _ options: Options = Options(),
        in heap: Heap = .current,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> Result
    ) async rethrows -> (result: Result, report: LeakReport) {
        for _ in 0..<max(0, options.warmUpIterations) { _ = try await heap.withCurrent(body) }
        let session = LeakCheckSession(options: options, heap: heap)
        let result: Result
        do {
            result = try await heap.withCurrent(body)
        } catch {
            session.end()
            throw error
        }
        let report = session.finish()
        return (result, report)
    }
}
