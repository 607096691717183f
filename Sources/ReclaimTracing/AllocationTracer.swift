internal import CReclaimTracing

/// Traces every heap block the process allocates, like Python's `tracemalloc`: for each live
/// block it keeps the requested size and the call stack that allocated it.
///
/// Linking `ReclaimInspection` puts a malloc interposer into the executable: it defines
/// `malloc`, `free`, `calloc`, `realloc`, `reallocarray`, `posix_memalign`, `aligned_alloc`,
/// `memalign`, `valloc` and `pvalloc`, and forwards them to glibc's `__libc_*` functions. The
/// dynamic linker binds every image's calls to these definitions, so class instances
/// (`swift_allocObject`), array and string storage, Foundation and C libraries are all seen,
/// without `LD_PRELOAD` and without a header in front of each block. While tracing is off,
/// each call costs one relaxed atomic load on top of glibc's. The forward goes to glibc itself,
/// so an allocator loaded with `LD_PRELOAD` (jemalloc, tcmalloc) is bypassed in a program that
/// links this module: link it into test and diagnostic executables. (ordo-one's malloc-interposer
/// is not used: on Linux it needs `LD_PRELOAD`, prefixes every block with a 16-byte header and
/// reports no per-block frees.)
///
/// ```swift
/// try AllocationTracer.start(frames: 10)
/// let model = buildModel()
/// let snapshot = try AllocationTracer.snapshot()
/// for statistic in try snapshot.statistics(groupedBy: .line).prefix(10) {
///     print(statistic)
/// }
/// AllocationTracer.stop()
/// ```
///
/// Each traceback starts at the code that asked for memory: leading frames inside the
/// allocator machinery (the interposer, libc, libswiftCore, Foundation, libdispatch,
/// libstdc++, the dynamic loader) are skipped, and so is a leading compiler-generated
/// allocating initializer (`Class.__allocating_init`, a separate function in debug builds), so
/// `let node = Node()` is attributed to that line rather than to the class declaration. Frames are stored as addresses and symbolized
/// only when a `StackFrame`'s name or location is read.
///
/// Allocations the tracer makes for itself (its tables, stack capture, snapshots and
/// symbolization) are never traced. Blocks allocated before tracing started are ignored when
/// freed. `realloc` counts as freeing the old block and allocating the new one.
///
/// AddressSanitizer and ThreadSanitizer replace malloc themselves; in builds with either one
/// the interposer is compiled out and `start` throws `AllocationTracerError.unavailable`.
///
/// # Thread safety
/// Every member may be called from any thread. Allocations on all threads are traced; the
/// tracer's tables are protected by one lock.
public enum AllocationTracer {
    /// The largest number of frames a traceback can keep.
    public static let maximumFrames = Int(RECLAIM_TRACING_MAX_FRAMES)

    /// Whether allocation tracing works in this build (false when built with AddressSanitizer
    /// or ThreadSanitizer, which replace malloc themselves).
    public static var isAvailable: Bool { reclaim_tracing_is_available() }

    /// Starts tracing allocations, keeping up to `frames` frames of each allocation's stack.
    ///
    /// Calling `start` while already tracing keeps the traces recorded so far and applies the
    /// new `frames` and `stackWalk` to later allocations, as `tracemalloc.start` does.
    ///
    /// - Parameters:
    ///   - frames: The most frames kept per traceback, 1...256. With 1, each allocation is
    ///     attributed to the line that asked for memory.
    ///   - stackWalk: How stacks are captured; `.framePointers` is the fast default.
    /// - Throws: `AllocationTracerError.invalidFrameCount` when `frames` is outside 1...256,
    ///   `.unavailable` in a sanitizer build, `.outOfMemory` when the tables cannot be allocated.
    /// - Complexity: O(1), plus O(loaded images) the first time and after images are loaded.
    public static func start(frames: Int = 1, stackWalk: StackWalk = .framePointers) throws(AllocationTracerError) {
        try validate(frames: frames)
        try check(reclaim_tracing_start_user(Int32(frames), stackWalk == .unwindTables))
    }

    /// Stops the tracing started by `start` and discards every trace, like `tracemalloc.stop`.
    ///
    /// When another Reclaim component still traces (a leak check, for example), tracing goes on
    /// for it and the traces are kept until it finishes; `isTracing` stays true meanwhile.
    ///
    /// - Complexity: O(1) when tracing goes on; otherwise freeing the tables.
    public static func stop() {
        reclaim_tracing_stop_user()
    }

    /// Whether allocations are being traced, by `start` or by another Reclaim component.
    public static var isTracing: Bool { reclaim_tracing_is_tracing() }

    /// Discards every trace and sets `tracedMemory` to (0, 0); tracing goes on.
    ///
    /// While a leak check (`LeakCheck`) runs, the traces allocated since it began are kept,
    /// so that its report stays complete, and `tracedMemory` counts them; the interned call
    /// stacks are then kept too, so clearing repeatedly during a long leak check does not give
    /// their memory back. If the tracer cannot allocate fresh tables, tracing stops
    /// (`isTracing` becomes false).
    ///
    /// - Complexity: O(1) apart from freeing the tables; O(live traced blocks) while a leak
    ///   check runs.
    public static func clearTraces() {
        reclaim_tracing_clear()
    }

    /// The most frames kept per traceback for new allocations (0 when not tracing).
    public static var tracebackLimit: Int { Int(reclaim_tracing_traceback_limit()) }

    /// The bytes requested by the traced blocks still alive, and their maximum since tracing
    /// started, the traces were cleared or `resetPeak` was called; (0, 0) when not tracing.
    public static var tracedMemory: (current: Int, peak: Int) {
        var current = 0
        var peak = 0
        reclaim_tracing_traced_memory(&current, &peak)
        return (current, peak)
    }

    /// Sets the peak of `tracedMemory` to its current value.
    public static func resetPeak() {
        reclaim_tracing_reset_peak()
    }

    /// The bytes the tracer itself uses for its traces and tracebacks (0 when not tracing), like
    /// `tracemalloc.get_tracemalloc_memory`.
    public static var tracerMemory: Int { reclaim_tracing_tracer_memory() }

    /// Copies every trace into a snapshot.
    ///
    /// - Throws: `AllocationTracerError.notTracing` when tracing is off; `.outOfMemory`.
    /// - Complexity: O(live traced blocks + their tracebacks' frames); the lock is held only
    ///   while the raw traces are copied.
    public static func snapshot() throws(AllocationTracerError) -> AllocationSnapshot {
        try withTracingSuspended { () throws(AllocationTracerError) in
            var copy = reclaim_trace_copy()
            var outOfMemory = false
            guard reclaim_tracing_copy(&copy, &outOfMemory) else {
                throw outOfMemory ? .outOfMemory : .notTracing(operation: "AllocationTracer.snapshot()")
            }
            defer { reclaim_tracing_free_copy(&copy) }
            let frames = UnsafeBufferPointer(start: copy.frames, count: copy.frame_count)
            let records = UnsafeBufferPointer(start: copy.tracebacks, count: copy.traceback_count)
            Symbolizer.shared.prepare(records.lazy.filter { $0.frame_count > 1 }.map { frames[$0.first_frame] })
            let tracebacks = records.map { record in
                AllocationTraceback(
                    recorded: frames[record.first_frame..<record.first_frame + Int(record.frame_count)],
                    totalFrameCount: Int(record.total_frame_count),
                    limit: Int(record.limit)
                )
            }
            let traces = UnsafeBufferPointer(start: copy.traces, count: copy.trace_count).map { trace in
                AllocationTrace(size: trace.size, traceback: tracebacks[Int(trace.traceback)])
            }
            return AllocationSnapshot(traces: traces, tracebackLimit: Int(copy.traceback_limit))
        }
    }

    /// The traceback of the live traced block holding `object` (a class instance starts its
    /// block), or nil when not tracing or the object was allocated before tracing started (or
    /// not by malloc).
    ///
    /// - Complexity: O(1) on average.
    public static func traceback(of object: AnyObject) -> AllocationTraceback? {
        block(at: UInt(bitPattern: Unmanaged.passUnretained(object).toOpaque()), orContaining: false)
            .map(traceback(of:))
    }

    /// The traceback of the live traced block that starts at, or else contains, `address`.
    ///
    /// - Complexity: O(1) on average when `address` starts a block; O(live traced blocks)
    ///   otherwise.
    public static func traceback(ofAddress address: UInt) -> AllocationTraceback? {
        block(at: address, orContaining: true).map(traceback(of:))
    }

    /// How many allocations succeeded untraced since tracing started (or `clearTraces()`
    /// discarded every trace), because the tracer could not store their trace (it ran out of
    /// memory). The allocations themselves never fail because of the tracer; a leak check
    /// whose block had traces dropped says so in its report.
    public static var droppedTraceCount: Int { reclaim_tracing_dropped_count() }

    private static func traceback(of info: reclaim_block_info) -> AllocationTraceback {
        withUnsafeBytes(of: info.frames) { raw in
            AllocationTraceback(
                recorded: raw.bindMemory(to: UInt.self).prefix(Int(info.frame_count)),
                totalFrameCount: Int(info.total_frame_count),
                limit: Int(info.limit)
            )
        }
    }

    /// The traced block starting at `address`, or when `orContaining`, the one containing it.
    static func block(at address: UInt, orContaining: Bool) -> reclaim_block_info? {
        var info = reclaim_block_info()
        return reclaim_tracing_lookup(address, orContaining, &info) ? info : nil
    }

    static func validate(frames: Int) throws(AllocationTracerError) {
        guard (1...maximumFrames).contains(frames) else { throw .invalidFrameCount(frames) }
    }

    static func check(_ status: reclaim_tracing_status) throws(AllocationTracerError) {
        switch status {
        case RECLAIM_TRACING_OK:
            return
        case RECLAIM_TRACING_UNAVAILABLE_SANITIZER:
            throw .unavailable(
                reason:
                    "a build with AddressSanitizer/ThreadSanitizer, which replace malloc themselves"
            )
        default:
            throw .outOfMemory
        }
    }

    /// Runs `body` without tracing the calling thread's allocations (frees are still seen).
    static func withTracingSuspended<Result, Failure: Error>(
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        reclaim_tracing_suspend()
        defer { reclaim_tracing_resume() }
        return try body()
    }
}
