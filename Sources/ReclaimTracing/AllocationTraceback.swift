/// The call stack of one allocation, most recent frame first (the reverse of Python's
/// `tracemalloc.Traceback`, which lists the oldest frame first).
///
/// The first frame is the code that asked for memory: frames inside the allocator (the
/// interposer, libc, libswiftCore, Foundation...) are skipped.
///
/// # Thread safety
/// A value; symbolization is synchronized.
public struct AllocationTraceback: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The recorded frames, most recent first; at most the traceback limit.
    public var frames: [StackFrame]
    /// How many frames the stack had before it was cut to the traceback limit (walks stop after
    /// 4096 frames).
    public var totalFrameCount: Int

    /// Creates a traceback from frames, most recent first.
    public init(frames: [StackFrame], totalFrameCount: Int) {
        self.frames = frames
        self.totalFrameCount = totalFrameCount
    }

    /// A traceback from recorded return addresses (up to `limit + 1`): drops a leading
    /// allocating initializer when a caller follows it, then keeps `limit` frames.
    init(recorded addresses: some Collection<UInt>, totalFrameCount: Int, limit: Int) {
        var addresses = addresses[...]
        var total = totalFrameCount
        if addresses.count > 1, let first = addresses.first,
            Symbolizer.shared.location(of: first).function.contains(".__allocating_init(")
        {
            addresses = addresses.dropFirst()
            total -= 1
        }
        self.init(frames: addresses.prefix(limit).map { StackFrame(address: $0) }, totalFrameCount: total)
    }

    /// One line per frame, most recent first, like `  at Module.function() (File.swift:42)`.
    public var description: String { format() }

    /// The frames as text, one `  at function (file:line)` line each, most recent first.
    ///
    /// - Parameter limit: The most frames shown; all when nil.
    /// - Returns: The lines, joined by newlines, with a last line counting frames not shown.
    /// - Complexity: O(frames), symbolizing frames not seen before.
    public func format(limit: Int? = nil) -> String {
        let shown = limit.map { frames.prefix(max(0, $0)) } ?? frames[...]
        Symbolizer.shared.prepare(shown.map(\.address))
        var lines = shown.map { "  at \($0)" }
        if shown.count < totalFrameCount {
            lines.append("  ... \(totalFrameCount - shown.count) more frames")
        }
        return lines.joined(separator: "\n")
    }
}
