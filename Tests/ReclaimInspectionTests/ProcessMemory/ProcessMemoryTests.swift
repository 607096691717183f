import ReclaimInspection
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The tests that allocate large blocks run one at a time, so that each sees only its own.
@Suite(.serialized) struct ProcessMemoryTests {
    static let blockSize = 64 << 20
    static let minimumGrowth = 48 << 20

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
        let before = try ProcessMemory.usage()
        let block = Self.allocateTouched()
        defer { block.deallocate() }
        let after = try ProcessMemory.usage()
        #expect(after.residentBytes - before.residentBytes >= Self.minimumGrowth)
        #expect(after.peakResidentBytes >= after.residentBytes)
    }

    @Test func resettingThePeakForgetsAFreedBlock() throws {
        Self.allocateTouched().deallocate()
        let peakWithBlock = try ProcessMemory.usage().peakResidentBytes
        try ProcessMemory.resetPeak()
        let usage = try ProcessMemory.usage()
        // Other suites allocate in parallel, so only half the forgotten block is required.
        #expect(usage.peakResidentBytes <= peakWithBlock - Self.minimumGrowth / 2)
        #expect(usage.peakResidentBytes >= usage.residentBytes)
    }

    @Test func measureMemoryReportsTheBlocksGrowthAndPeak() throws {
        let (block, measurement) = try measureMemory { Self.allocateTouched() }
        defer { block.deallocate() }
        #expect(block.count == Self.blockSize)
        #expect(measurement.delta >= Self.minimumGrowth)
        #expect(measurement.delta == measurement.residentBytesAfter - measurement.residentBytesBefore)
        #expect(measurement.peakScope == .block)
        #expect(measurement.peakResidentBytes >= measurement.residentBytesAfter)
    }

    @Test func thePeakOfAFreedBlockShowsInTheMeasurement() throws {
        let (_, measurement) = try measureMemory { Self.allocateTouched().deallocate() }
        #expect(measurement.peakScope == .block)
        #expect(measurement.peakResidentBytes - measurement.residentBytesBefore >= Self.minimumGrowth)
        // Other suites allocate in parallel, so only the drop from the peak is checked.
        #expect(measurement.residentBytesAfter < measurement.peakResidentBytes)
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
