import Testing

/// Runs each test it is applied to while no other such test runs, across suites and test
/// targets: for tests that start, stop or count on the process-wide allocation tracer (a leak
/// check keeps tracing on while it runs, which changes what `isTracing` and `tracedMemory`
/// report to a concurrent tracer test).
public struct ExclusiveTracingTrait: TestTrait, SuiteTrait, TestScoping {
    /// Applies to every test of a suite it is attached to.
    public var isRecursive: Bool { true }

    /// Runs one test case once no other `.exclusiveTracing` test case is running.
    public func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        guard testCase != nil, !TracerTestLock.isHeldByThisTask else {
            try await function()
            return
        }
        await TracerTestLock.shared.acquire()
        do {
            try await TracerTestLock.$isHeldByThisTask.withValue(true) { try await function() }
        } catch {
            await TracerTestLock.shared.release()
            throw error
        }
        await TracerTestLock.shared.release()
    }
}

extension Trait where Self == ExclusiveTracingTrait {
    /// Runs the test while no other `.exclusiveTracing` test runs.
    public static var exclusiveTracing: Self { ExclusiveTracingTrait() }
}

/// A lock that suspends waiting tests instead of blocking their threads.
actor TracerTestLock {
    static let shared = TracerTestLock()

    /// Whether the running test already holds the lock (the trait applied at suite and test
    /// level), so that it is not taken twice.
    @TaskLocal static var isHeldByThisTask = false

    private var isHeld = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        guard isHeld else {
            isHeld = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            isHeld = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
