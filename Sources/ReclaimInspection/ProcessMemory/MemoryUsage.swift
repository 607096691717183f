/// The process's resident memory at one moment, as the kernel reports it.
public struct MemoryUsage: Hashable, Sendable {
    /// The resident set size: bytes of the process's memory that are in RAM now (`VmRSS`).
    public var residentBytes: Int
    /// The highest resident set size since the process started or since the last
    /// ``ProcessMemory/resetPeak()`` (`VmHWM`).
    public var peakResidentBytes: Int

    /// Creates a reading.
    public init(residentBytes: Int, peakResidentBytes: Int) {
        self.residentBytes = residentBytes
        self.peakResidentBytes = peakResidentBytes
    }
}
