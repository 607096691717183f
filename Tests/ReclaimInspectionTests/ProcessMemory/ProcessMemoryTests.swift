import ReclaimInspection
import ReclaimTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The tests that allocate large blocks run one at a time, so that each sees only its own, and
/// never beside the tracer's tests, whose traced-memory figures those blocks would change.
@Suite(.serialized, .exclusiveTracing) struct ProcessMemoryTests {
    static let blockSize = 64 << 20
    static let minimumGrowth = 48 << 20

    /// Whether `attempt` succeeds at least once in five tries. Resident memory is the whole
    /// process's: another suite freeing or touching hundreds of megabytes at the same moment
    /// can hide the 64 MiB a test adds, so each growth check gets a few chances. A reading
    /// that never reflects the block fails every time.
    static func holdsInSomeAttempt(_ attempt: () throws -> Bool) rethrows -> Bool {
        for _ in 0..<5 where try attempt() {
            return true
        }
        return false
    }

    /// Allocates `blockSize` bytes and writes to every page, so that they become resident.
    static func allocateTouched() -> UnsafeMutableRawBufferPointer {
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 4096)
        for offset in stride(from: 0, to: blockSize, by: 4096) {
            block[offset] = 1
        }
        return block
    }

    @Test func theCurrentSizeIsPositiveAndBelowThePeak() throws {
        let usage = try ProcessMemory.usage()
        #expect(usage.residentBytes > 0)
        #expect(usage.peakResidentBytes >= usage.residentBytes)
    }

    @Test func touchingMemoryRaisesTheResidentSize() throws {
        let grew = try Self.holdsInSomeAttempt {
            let before = try ProcessMemory.usage()
            let block = Self.allocateTouched()
            defer { block.deallocate() }
            let after = try ProcessMemory.usage()
            #expect(after.peakResidentBytes >= after.residentBytes)
            return after.residentBytes - before.residentBytes >= Self.minimumGrowth
        }
        #expect(grew)
    }

    @Test func resettingThePeakForgetsAFreedBlock() throws {
        let forgot = try Self.holdsInSomeAttempt {
            Self.allocateTouched().deallocate()
            let peakWithBlock = try ProcessMemory.usage().peakResidentBytes
            try ProcessMemory.resetPeak()
            let usage = try ProcessMemory.usage()
            #expect(usage.peakResidentBytes >= usage.residentBytes)
            return usage.peakResidentBytes <= peakWithBlock - Self.minimumGrowth
        }
        #expect(forgot)
    }

    @Test func measureMemoryReportsTheBlocksGrowthAndPeak() throws {
        let grew = try Self.holdsInSomeAttempt {
            let (block, measurement) = try measureMemory { Self.allocateTouched() }
            defer { block.deallocate() }
            #expect(block.count == Self.blockSize)
            #expect(measurement.delta == measurement.residentBytesAfter - measurement.residentBytesBefore)
            #expect(measurement.peakScope == .block)
            #expect(measurement.peakResidentBytes >= measurement.residentBytesAfter)
            return measurement.delta >= Self.minimumGrowth
        }
        #expect(grew)
    }

    @Test func thePeakOfAFreedBlockShowsInTheMeasurement() throws {
        let peaked = try Self.holdsInSomeAttempt {
            let (_, measurement) = try measureMemory { Self.allocateTouched().deallocate() }
            #expect(measurement.peakScope == .block)
            return measurement.peakResidentBytes - measurement.residentBytesBefore >= Self.minimumGrowth
                && measurement.residentBytesAfter < measurement.peakResidentBytes
        }
        #expect(peaked)
    }

    @Test func measureMemoryRethrowsTheBlocksError() {
        struct Failure: Error, Equatable {}
        #expect(throws: Failure()) {
            try measureMemory { throw Failure() }
        }
    }

    @Test func aMissingStatusFileIsReportedByPath() {
        #expect(throws: ProcessMemoryError.fileAccessFailed(path: "/nonexistent/status", errno: ENOENT)) {
            try ProcessMemory.usage(statusPath: "/nonexistent/status")
        }
        #expect(
            ProcessMemoryError.fileAccessFailed(path: "/nonexistent/status", errno: ENOENT).description
                == "cannot access /nonexistent/status: No such file or directory (errno 2)"
        )
    }

    @Test func aStatusFileWithoutTheFieldsIsReportedByField() throws {
        let path = "/proc/self/stat"
        #expect(throws: ProcessMemoryError.fieldMissing(field: "VmRSS", path: path)) {
            try ProcessMemory.usage(statusPath: path)
        }
        #expect(
            ProcessMemoryError.fieldMissing(field: "VmRSS", path: path).description
                == "/proc/self/stat has no line 'VmRSS: <number> kB'"
        )
    }

    @Test func aFailedPeakResetIsReportedByPath() {
        #expect(throws: ProcessMemoryError.fileAccessFailed(path: "/nonexistent/clear_refs", errno: ENOENT)) {
            try ProcessMemory.resetPeak(clearRefsPath: "/nonexistent/clear_refs")
        }
    }
}
