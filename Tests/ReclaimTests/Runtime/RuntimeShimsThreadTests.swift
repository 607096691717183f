import Foundation
import Testing

@testable import Reclaim

/// The thread facts the allocation path reads directly from the runtime agree with the
/// standard library's answers.
@Suite struct RuntimeShimsThreadTests {
    private static func standardLibraryTask() -> UInt {
        withUnsafeCurrentTask { task in task.map { unsafeBitCast($0, to: UInt.self) } ?? 0 }
    }

    @Test func theCurrentTaskIsTheOneWithUnsafeCurrentTaskGives() async {
        #expect(RuntimeShims.currentTask != 0)
        #expect(RuntimeShims.currentTask == Self.standardLibraryTask())
        let fromChildren = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    await Task.yield()
                    return RuntimeShims.currentTask == Self.standardLibraryTask()
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(fromChildren.allSatisfy { $0 })
        let parent = RuntimeShims.currentTask
        let child = await Task.detached { RuntimeShims.currentTask }.value
        #expect(child != parent && child != 0)
    }

    @Test func aPlainThreadRunsNoTask() {
        let seen = LockedBox()
        let thread = Thread { seen.set(RuntimeShims.currentTask, Self.standardLibraryTask()) }
        thread.start()
        while !thread.isFinished { usleep(1000) }
        #expect(seen.get() == [0, 0])
    }

    /// Results a thread hands back.
    private final class LockedBox: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [UInt] = []

        func set(_ values: UInt...) {
            lock.withLock { self.values = values }
        }

        func get() -> [UInt] {
            lock.withLock { values }
        }
    }
}
