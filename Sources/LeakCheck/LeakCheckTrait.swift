import Reclaim
import Testing

/// A Swift Testing trait that runs each test case under a leak check and records an issue
/// with the report when it leaks.
///
/// ```swift
/// @Test(.checksForLeaks) func downloadsFinish() async throws {
///     let downloader = Downloader()
///     try await downloader.start()
/// }
///
/// @Suite(.checksForLeaks(LeakCheck.Options(warmUpIterations: 1)))
/// struct CacheTests { ... }
/// ```
///
/// Each test case runs with a fresh `Heap` as its current heap (tests run in tasks, where a
/// thread's default heap cannot be used), so the `GCObject`s it creates without naming a heap
/// are checked with everything else. On a suite, every test in it is checked. Warm-up
/// iterations run the whole test function again, assertions included.
///
/// # Thread safety
/// `Sendable`. Test cases run in parallel as usual: each check reads only what its test's task
/// allocated.
public struct LeakCheckTrait: TestTrait, SuiteTrait, TestScoping {
    /// How each test case is checked.
    public var options: LeakCheck.Options

    /// On a suite, the trait applies to every test in it (and in its nested suites).
    public var isRecursive: Bool { true }

    /// Runs one test case under a leak check (a suite itself just runs its tests).
    public func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        guard testCase != nil else {
            try await function()
            return
        }
        let heap = Heap()
        let (_, report) = try await LeakCheck.run(options, in: heap) { try await function() }
        let location = test.sourceLocation
        if !report.isClean {
            Issue.record(Comment(rawValue: "checksForLeaks: " + report.description), sourceLocation: location)
        }
    }
}

extension Trait where Self == LeakCheckTrait {
    /// Checks each test case for leaks with the default options.
    public static var checksForLeaks: Self { LeakCheckTrait(options: LeakCheck.Options()) }

    /// Checks each test case for leaks with `options`.
    public static func checksForLeaks(_ options: LeakCheck.Options) -> Self {
        LeakCheckTrait(options: options)
    }
}
