/// Runs `body` and measures the process's resident memory around it.
///
/// The peak is reset first (see ``ProcessMemory/resetPeak()``), so the measurement's peak is
/// the block's own; where the kernel does not allow that, the peak is the process's lifetime
/// peak and ``MemoryMeasurement/peakScope`` says so.
///
///     let (cache, measurement) = try measureMemory { Cache(capacity: 1 << 20) }
///     print("the cache costs \(measurement.delta) bytes, peaking at \(measurement.peakResidentBytes)")
///
/// The figures are the whole process's (see ``ProcessMemory``), so other threads' allocations
/// show in them.
///
/// - Parameter body: The code to measure.
/// - Returns: What `body` returned, and the measurement.
/// - Throws: What `body` throws, or a ``ProcessMemoryError`` when the figures cannot be read.
public func measureMemory<Result>(
    _ body: () throws -> Result
) throws -> (result: Result, measurement: MemoryMeasurement) {
    let peakScope: MemoryMeasurement.PeakScope
    do {
        try ProcessMemory.resetPeak()
        peakScope = .block
    } catch {
        peakScope = .processLifetime
    }
    let before = try ProcessMemory.usage()
    let result = try body()
    let after = try ProcessMemory.usage()
    let measurement = MemoryMeasurement(
        residentBytesBefore: before.residentBytes,
        residentBytesAfter: after.residentBytes,
        peakResidentBytes: after.peakResidentBytes,
        peakScope: peakScope
    )
    return (result, measurement)
}
