/// The resident memory of the process before and after a block ran; see
/// ``measureMemory(_:)``.
public struct MemoryMeasurement: Hashable, Sendable {
    /// What ``peakResidentBytes`` covers.
    public enum PeakScope: Hashable, Sendable {
        /// The peak was reset before the block ran, so it is the block's own peak (never less
        /// than ``MemoryMeasurement/residentBytesBefore``).
        case block
        /// The kernel did not let the peak be reset, so it is the peak of the whole process
        /// lifetime, which may predate the block.
        case processLifetime
    }

    /// Resident bytes just before the block ran.
    public var residentBytesBefore: Int
    /// Resident bytes just after the block returned.
    public var residentBytesAfter: Int
    /// The highest resident size seen, over the span that ``peakScope`` names.
    public var peakResidentBytes: Int
    /// Whether ``peakResidentBytes`` is the block's peak or the process's.
    public var peakScope: PeakScope

    /// How much the resident size grew while the block ran; negative if it shrank.
    public var delta: Int { residentBytesAfter - residentBytesBefore }

    /// Creates a measurement.
    public init(residentBytesBefore: Int, residentBytesAfter: Int, peakResidentBytes: Int, peakScope: PeakScope) {
        self.residentBytesBefore = residentBytesBefore
        self.residentBytesAfter = residentBytesAfter
        self.peakResidentBytes = peakResidentBytes
        self.peakScope = peakScope
    }
}
