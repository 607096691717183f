/// One live traced block: its requested size and the stack that allocated it.
public struct AllocationTrace: Sendable, Hashable, Codable {
    /// The number of bytes requested from malloc (not the allocator's rounded-up usable size).
    public var size: Int
    /// Where the block was allocated.
    public var traceback: AllocationTraceback

    /// Creates a trace.
    public init(size: Int, traceback: AllocationTraceback) {
        self.size = size
        self.traceback = traceback
    }
}
