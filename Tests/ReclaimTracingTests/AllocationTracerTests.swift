import CReclaimForkProbe
import Foundation
import ReclaimTestSupport
import ReclaimTracing
import Testing

/// Every test here starts and stops the process-wide tracer, so they run one at a time. Other
/// suites allocate concurrently, so exact numbers are taken from snapshots filtered to this file.
/// Tests that need tracing are skipped in sanitizer builds, where malloc belongs to the sanitizer.
@Suite(.serialized, .exclusiveTracing)
struct AllocationTracerTests {
    static let thisFile = TraceFilter(inclusive: true, filePattern: "*/AllocationTracerTests.swift")
    static let probeSize = Int(classInstanceExtents(TracedProbe.self).positive)

    /// A snapshot of the traces allocated in this file.
    func snapshotOfThisFile() throws -> AllocationSnapshot {
        try AllocationTracer.snapshot().filtered(by: [Self.thisFile])
    }

    @Test func probeSizeIsWhatTheRuntimeRequests() {
        #expect(Self.probeSize == 32)
    }

    @Test(.tracing) func tracebackOfNamesTheAllocatingLineAndFunction() throws {
        try AllocationTracer.start(frames: 5)
        defer { AllocationTracer.stop() }
        let line = #line + 1
        let probe = TracedProbe()
        let traceback = try #require(AllocationTracer.traceback(of: probe))
        let frame = try #require(traceback.frames.first)
        #expect(frame.file.hasSuffix("/AllocationTracerTests.swift"))
        #expect(frame.line == line)
        #expect(frame.function.contains("AllocationTracerTests.tracebackOfNamesTheAllocatingLineAndFunction()"))
        #expect(frame.image.contains("ReclaimPackageTests"))
        #expect(traceback.frames.count <= 5)
        #expect(traceback.totalFrameCount >= traceback.frames.count)
        #expect(traceback.description.hasPrefix("  at "))
        #expect(traceback.description.contains("(AllocationTracerTests.swift:\(line))"))
        withExtendedLifetime(probe) {}
    }

    @Test(.tracing) func objectsFromBeforeStartHaveNoTraceback() throws {
        let early = TracedProbe()
        #expect(AllocationTracer.traceback(of: early) == nil)
        try AllocationTracer.start()
        defer { AllocationTracer.stop() }
        #expect(AllocationTracer.traceback(of: early) == nil)
        let late = TracedProbe()
        #expect(AllocationTracer.traceback(of: late) != nil)
        AllocationTracer.stop()
        #expect(AllocationTracer.traceback(of: late) == nil)
    }

    @Test(.tracing) func statisticsByLineCountEveryInstance() throws {
        try AllocationTracer.start()
        defer { AllocationTracer.stop() }
        var probes: [TracedProbe] = []
        probes.reserveCapacity(1000)
        let line = #line + 1
        for _ in 0..<1000 { probes.append(TracedProbe()) }
        let statistics = try snapshotOfThisFile().statistics(groupedBy: .line)
        let probeLine = try #require(statistics.first { $0.traceback.frames.first?.line == line })
        #expect(probeLine.count == 1000)
        #expect(probeLine.size == 1000 * Self.probeSize)
        #expect(probeLine.averageSize == Self.probeSize)
        #expect(
            probeLine.description.hasSuffix(
                "AllocationTracerTests.swift:\(line): size=32000 B, count=1000, average=32 B"
            )
        )
        #expect(statistics.first == probeLine)
        withExtendedLifetime(probes) {}
    }

    @Test(.tracing) func statisticsByFileAndTraceback() throws {
        try AllocationTracer.start(frames: 8)
        defer { AllocationTracer.stop() }
        let probes = makeProbes(100)
        let more = makeProbes(50)
        let snapshot = try snapshotOfThisFile()
        let byFile = try snapshot.statistics(groupedBy: .file)
        #expect(byFile.count == 1)
        #expect(byFile.first?.count == snapshot.traces.count)
        #expect(byFile.first?.traceback.frames.first?.line == 0)
        let probeTraces = snapshot.traces.filter { $0.size == Self.probeSize }
        #expect(probeTraces.count >= 150)
        let byTraceback = try snapshot.statistics(groupedBy: .traceback)
        let fromMakeProbes = byTraceback.filter { $0.traceback.frames.first?.function.contains("makeProbes") == true }
        // The two calls differ in the caller's line, so they are two tracebacks.
        #expect(fromMakeProbes.map(\.count).sorted() == [50, 100])
        #expect(fromMakeProbes.allSatisfy { $0.traceback.frames.count == 8 })
        withExtendedLifetime((probes, more)) {}
    }

    @Test(.tracing) func cumulativeStatisticsCountEveryFrame() throws {
        try AllocationTracer.start(frames: 4)
        defer { AllocationTracer.stop() }
        let line = #line + 1
        let probes = makeProbes(200)
        let snapshot = try snapshotOfThisFile()
        let cumulative = try snapshot.statistics(groupedBy: .line, cumulative: true)
        let caller = try #require(cumulative.first { $0.traceback.frames.first?.line == line })
        #expect(caller.count == 200)
        #expect(caller.size == 200 * Self.probeSize)
        let plain = try snapshot.statistics(groupedBy: .line)
        #expect(!plain.contains { $0.traceback.frames.first?.line == line })
        #expect(throws: AllocationTracerError.cumulativeTracebackStatistics) {
            try snapshot.statistics(groupedBy: .traceback, cumulative: true)
        }
        withExtendedLifetime(probes) {}
    }

    @Test(.tracing) func compareReportsTheFreedHalf() throws {
        try AllocationTracer.start()
        defer { AllocationTracer.stop() }
        var probes = makeProbes(400)
        let before = try snapshotOfThisFile()
        probes.removeLast(200)
        let after = try snapshotOfThisFile()
        let diffs = try after.compare(to: before, groupedBy: .line)
        let probeDiff = try #require(diffs.first { $0.traceback.frames.first?.function.contains("makeProbes") == true })
        #expect(probeDiff.count == 200)
        #expect(probeDiff.countDiff == -200)
        #expect(probeDiff.size == 200 * Self.probeSize)
        #expect(probeDiff.sizeDiff == -200 * Self.probeSize)
        #expect(zip(diffs, diffs.dropFirst()).allSatisfy { abs($0.sizeDiff) >= abs($1.sizeDiff) })
        #expect(probeDiff.description.contains("(-6400 B), count=200 (-200)"))
        withExtendedLifetime(probes) {}
    }

    @Test(.tracing) func tracedMemoryFollowsCurrentAndPeak() throws {
        try AllocationTracer.start()
        defer { AllocationTracer.stop() }
        let chunk = 4 << 20
        let start = AllocationTracer.tracedMemory
        let block = try #require(malloc(chunk))
        let during = AllocationTracer.tracedMemory
        #expect(during.current >= start.current + chunk - (1 << 20))
        #expect(during.peak >= during.current)
        free(block)
        let after = AllocationTracer.tracedMemory
        #expect(after.peak >= start.current + chunk)
        #expect(after.current < after.peak - chunk / 2)
        AllocationTracer.resetPeak()
        #expect(AllocationTracer.tracedMemory.peak < after.peak - chunk / 2)
        #expect(AllocationTracer.tracerMemory > 0)
        AllocationTracer.stop()
        #expect(AllocationTracer.tracedMemory == (0, 0))
        #expect(AllocationTracer.tracerMemory == 0)
    }

    @Test(.tracing) func stopAndClearDiscardTraces() throws {
        try AllocationTracer.start()
        let probes = makeProbes(10)
        #expect(try snapshotOfThisFile().traces.count >= 10)
        AllocationTracer.clearTraces()
        #expect(AllocationTracer.isTracing)
        #expect(try snapshotOfThisFile().traces.isEmpty)
        #expect(AllocationTracer.traceback(of: probes[0]) == nil)
        AllocationTracer.stop()
        #expect(!AllocationTracer.isTracing)
        #expect(AllocationTracer.tracebackLimit == 0)
        #expect(throws: AllocationTracerError.notTracing(operation: "AllocationTracer.snapshot()")) {
            try AllocationTracer.snapshot()
        }
        withExtendedLifetime(probes) {}
    }

    @Test(.enabled(if: !AllocationTracer.isAvailable, "tracing works in this build"))
    func startExplainsWhyTracingIsUnavailable() {
        #expect(
            throws: AllocationTracerError.unavailable(
                reason: "a build with AddressSanitizer/ThreadSanitizer, which replace malloc themselves"
            )
        ) {
            try AllocationTracer.start()
        }
        #expect(!AllocationTracer.isTracing)
        #expect(throws: AllocationTracerError.notTracing(operation: "AllocationTracer.snapshot()")) {
            try AllocationTracer.snapshot()
        }
        let message =
            "\(AllocationTracerError.unavailable(reason: "a build with AddressSanitizer/ThreadSanitizer, which replace malloc themselves"))"
        #expect(
            message
                == "allocation tracing is unavailable in a build with AddressSanitizer/ThreadSanitizer, which replace malloc themselves"
        )
    }

    @Test(arguments: [0, -1, 257, 10_000])
    func invalidFrameCountsAreRejected(frames: Int) {
        #expect(throws: AllocationTracerError.invalidFrameCount(frames)) {
            try AllocationTracer.start(frames: frames)
        }
        #expect(!AllocationTracer.isTracing)
        #expect("\(AllocationTracerError.invalidFrameCount(frames))".contains("got \(frames)"))
    }

    @Test(.tracing) func restartKeepsTracesAndChangesTheLimit() throws {
        try AllocationTracer.start(frames: 1)
        defer { AllocationTracer.stop() }
        let first = TracedProbe()
        try AllocationTracer.start(frames: 6)
        #expect(AllocationTracer.tracebackLimit == 6)
        #expect(AllocationTracer.traceback(of: first)?.frames.count == 1)
        let second = TracedProbe()
        #expect((AllocationTracer.traceback(of: second)?.frames.count ?? 0) > 1)
        withExtendedLifetime((first, second)) {}
    }

    @Test(.tracing) func filtersIncludeExcludeAndMatchLines() throws {
        try AllocationTracer.start(frames: 8)
        defer { AllocationTracer.stop() }
        let line = #line + 1
        let here = TracedProbe()
        let made = makeProbes(20)
        let snapshot = try AllocationTracer.snapshot()
        let thisFile = snapshot.filtered(by: [Self.thisFile])
        #expect(thisFile.traces.count >= 21)
        let atLine = snapshot.filtered(by: [TraceFilter(inclusive: true, filePattern: "*Tests.swift", line: line)])
        #expect(atLine.traces.count == 1)
        let excluded = thisFile.filtered(by: [TraceFilter(inclusive: false, filePattern: "*", line: line)])
        #expect(excluded.traces.count == thisFile.traces.count - 1)
        let none = thisFile.filtered(by: [TraceFilter(inclusive: true, filePattern: "*/NoSuchFile.swift")])
        #expect(none.traces.isEmpty)
        let either = snapshot.filtered(by: [
            TraceFilter(inclusive: true, filePattern: "*/NoSuchFile.swift"),
            TraceFilter(inclusive: true, filePattern: "*", line: line),
        ])
        #expect(either.traces.count == 1)
        // makeProbes' callers are found only when every frame may match.
        let callerLine = line + 1
        let byCaller = snapshot.filtered(by: [
            TraceFilter(inclusive: true, filePattern: "*/AllocationTracerTests.swift", line: callerLine)
        ])
        #expect(byCaller.traces.isEmpty)
        let byCallerAnyFrame = snapshot.filtered(by: [
            TraceFilter(
                inclusive: true,
                filePattern: "*/AllocationTracerTests.swift",
                line: callerLine,
                allFrames: true
            )
        ])
        #expect(byCallerAnyFrame.traces.filter { $0.size == Self.probeSize }.count == 20)
        withExtendedLifetime((here, made)) {}
    }

    @Test(.tracing) func saveAndLoadRoundTrip() throws {
        try AllocationTracer.start(frames: 4)
        defer { AllocationTracer.stop() }
        let probes = makeProbes(30)
        let snapshot = try snapshotOfThisFile()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reclaim-snapshot-\(getpid()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try snapshot.save(to: url)
        let loaded = try AllocationSnapshot.load(from: url)
        #expect(loaded.tracebackLimit == 4)
        #expect(loaded.traces.count == snapshot.traces.count)
        #expect(try loaded.statistics(groupedBy: .traceback) == snapshot.statistics(groupedBy: .traceback))
        let diffs = try loaded.compare(to: snapshot, groupedBy: .line)
        #expect(diffs.allSatisfy { $0.sizeDiff == 0 && $0.countDiff == 0 })
        withExtendedLifetime(probes) {}
    }

    @Test func corruptSnapshotFilesAreNamed() throws {
        let directory = FileManager.default.temporaryDirectory
        let cases: [(String, String)] = [
            ("not json {", "not valid JSON"),
            (#"{"format": "pickle", "version": 1}"#, #"format is "pickle""#),
            (#"{"format": "reclaim-allocation-snapshot", "version": 9}"#, "version 9 is not supported"),
            (
                #"{"format": "reclaim-allocation-snapshot", "version": 1, "tracebackLimit": 1}"#,
                #""tracebacks" is missing"#
            ),
        ]
        for (index, (text, reason)) in cases.enumerated() {
            let url = directory.appendingPathComponent("reclaim-corrupt-\(getpid())-\(index).json")
            try Data(text.utf8).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            do {
                _ = try AllocationSnapshot.load(from: url)
                Issue.record("loading \(text) succeeded")
            } catch {
                #expect("\(error)".contains(url.path))
                #expect("\(error)".contains(reason))
            }
        }
        let missing = directory.appendingPathComponent("reclaim-missing-\(getpid()).json")
        #expect(throws: AllocationTracerError.self) { try AllocationSnapshot.load(from: missing) }
    }

    @Test(.tracing) func allocationsOnOtherThreadsAreTraced() async throws {
        try AllocationTracer.start()
        defer { AllocationTracer.stop() }
        let line = #line + 2
        let thread = Thread {
            let probes = (0..<64).map { _ in TracedProbe() }
            Thread.current.threadDictionary["probes"] = probes
            while !Thread.current.isCancelled { usleep(1000) }
        }
        thread.start()
        defer { thread.cancel() }
        var statistic: AllocationStatistic?
        for _ in 0..<2000 where statistic == nil {
            statistic = try snapshotOfThisFile().statistics(groupedBy: .line).first {
                $0.traceback.frames.first?.line == line
            }
            if statistic?.count != 64 { statistic = nil; usleep(1000) }
        }
        #expect(statistic?.count == 64)
        #expect(statistic?.size == 64 * Self.probeSize)
    }

    @Test(.tracing) func freedBlocksAreGoneAndReallocMovesTheTrace() throws {
        try AllocationTracer.start(frames: 2)
        defer { AllocationTracer.stop() }
        var probe: TracedProbe? = TracedProbe()
        let address = UInt(bitPattern: Unmanaged.passUnretained(probe!).toOpaque())
        let function = "freedBlocksAreGoneAndReallocMovesTheTrace()"
        #expect(AllocationTracer.traceback(ofAddress: address)?.frames.first?.function.contains(function) == true)
        #expect(AllocationTracer.traceback(ofAddress: address + 8)?.frames.first?.function.contains(function) == true)
        probe = nil
        // Another thread may get the address back at once, but not from this function.
        #expect(AllocationTracer.traceback(ofAddress: address)?.frames.first?.function.contains(function) != true)
        let mallocLine = #line + 1
        let allocated = malloc(24)
        let block = try #require(allocated)
        #expect(AllocationTracer.traceback(ofAddress: UInt(bitPattern: block))?.frames.first?.line == mallocLine)
        let reallocLine = #line + 1
        let reallocated = realloc(block, 4096)
        let grown = try #require(reallocated)
        let traceback = try #require(AllocationTracer.traceback(ofAddress: UInt(bitPattern: grown)))
        #expect(traceback.frames.first?.line == reallocLine)
        let sizes = try snapshotOfThisFile().traces.filter { $0.traceback.frames.first?.line == reallocLine }.map(
            \.size
        )
        #expect(sizes == [4096])
        #expect(try !snapshotOfThisFile().traces.contains { $0.traceback.frames.first?.line == mallocLine })
        free(grown)
        // As above: another thread may reuse the block, but not from this line.
        #expect(AllocationTracer.traceback(ofAddress: UInt(bitPattern: grown))?.frames.first?.line != reallocLine)
        #expect(try snapshotOfThisFile().traces.allSatisfy { $0.traceback.frames.first?.line != reallocLine })
    }

    @Test(.tracing) func unwindTablesFindAtLeastAsManyFrames() throws {
        try AllocationTracer.start(frames: 64)
        let viaFramePointers = try #require(AllocationTracer.traceback(of: TracedProbe()))
        try AllocationTracer.start(frames: 64, stackWalk: .unwindTables)
        defer { AllocationTracer.stop() }
        let probe = TracedProbe()
        let viaUnwindTables = try #require(AllocationTracer.traceback(of: probe))
        #expect(viaUnwindTables.totalFrameCount >= viaFramePointers.totalFrameCount)
        #expect(viaUnwindTables.frames.first?.function.contains("unwindTablesFindAtLeastAsManyFrames") == true)
        withExtendedLifetime(probe) {}
    }

    @Test(.tracing) func retainedSessionsNestWithTheUsersSession() throws {
        let outer = try AllocationTracer.retainTracing(frames: 3)
        #expect(AllocationTracer.isTracing)
        #expect(AllocationTracer.tracebackLimit == 3)
        let serial = AllocationTracer.nextAllocationSerial
        let probe = TracedProbe()
        let probeSerial = try #require(AllocationTracer.allocationSerial(of: probe))
        #expect(probeSerial >= serial)
        #expect(AllocationTracer.nextAllocationSerial > probeSerial)
        try AllocationTracer.start(frames: 1)
        #expect(AllocationTracer.tracebackLimit == 3)
        AllocationTracer.stop()
        // The user's stop leaves the retained session tracing, with its traces.
        #expect(AllocationTracer.isTracing)
        #expect(AllocationTracer.allocationSerial(of: probe) == probeSerial)
        let inner = try AllocationTracer.retainTracing(frames: 8)
        #expect(AllocationTracer.tracebackLimit == 8)
        #expect(inner.firstSerial > outer.firstSerial)
        AllocationTracer.releaseTracing(inner)
        #expect(AllocationTracer.isTracing)
        #expect(AllocationTracer.tracebackLimit == 3, "the limit follows the sessions still running")
        AllocationTracer.releaseTracing(outer)
        #expect(!AllocationTracer.isTracing)
        #expect(AllocationTracer.allocationSerial(of: probe) == nil)
        withExtendedLifetime(probe) {}
    }

    @Test(.tracing) func clearingTracesKeepsWhatARunningSessionAllocated() throws {
        try AllocationTracer.start(frames: 4)
        defer { AllocationTracer.stop() }
        let before = TracedProbe()
        let session = try AllocationTracer.retainTracing(frames: 4)
        let during = TracedProbe()
        AllocationTracer.clearTraces()
        #expect(AllocationTracer.traceback(of: before) == nil)
        #expect(AllocationTracer.allocationSerial(of: during).map { $0 >= session.firstSerial } == true)
        AllocationTracer.releaseTracing(session)
        AllocationTracer.clearTraces()
        #expect(AllocationTracer.traceback(of: during) == nil, "without sessions everything is cleared")
        #expect(AllocationTracer.isTracing)
        #expect(AllocationTracer.droppedTraceCount == 0)
        withExtendedLifetime((before, during)) {}
    }

    @Test(.tracing, .timeLimit(.minutes(1))) func forkingWhileTracingWithAllocatingForkHandlersCompletes() throws {
        try AllocationTracer.start(frames: 4)
        defer { AllocationTracer.stop() }
        let status = reclaim_fork_probe_fork_and_wait()
        #expect(status == 0, "the child exits normally")
        #expect(AllocationTracer.isTracing)
        let probe = TracedProbe()
        #expect(AllocationTracer.traceback(of: probe) != nil, "tracing goes on in the parent")
        withExtendedLifetime(probe) {}
    }

    @inline(never)
    func makeProbes(_ count: Int) -> [TracedProbe] {
        (0..<count).map { _ in TracedProbe() }
    }
}

extension Trait where Self == ConditionTrait {
    /// Skips a test that needs allocation tracing in a sanitizer build.
    static var tracing: Self {
        .enabled(if: AllocationTracer.isAvailable, "malloc is replaced by a sanitizer in this build")
    }
}
