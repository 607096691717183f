internal import CReclaimTracing

extension AllocationTracer {
    /// Starts a tracing session for another Reclaim component (a leak check) that nests with
    /// the user's `start`/`stop` and with other sessions.
    ///
    /// Tracing runs while the user's session or any retained session is active. The traceback
    /// limit is the largest `frames` asked for by an active session. The user's `stop()` ends
    /// only the user's part, so `isTracing` stays true while a session is retained, and traces
    /// are discarded only when tracing really stops.
    ///
    /// `clearTraces()` keeps the traces allocated since the oldest running session began, so
    /// a session always knows what was allocated during it.
    ///
    /// - Returns: The session, to pass to `releaseTracing(_:)`; its `firstSerial` is the serial
    ///   of the first allocation traced for it.
    /// - Throws: The errors of `start`.
    package static func retainTracing(frames: Int) throws(AllocationTracerError) -> TracingSession {
        try validate(frames: frames)
        var firstSerial: UInt64 = 0
        try check(reclaim_tracing_retain_session(Int32(frames), &firstSerial))
        return TracingSession(firstSerial: firstSerial)
    }

    /// Ends a session started by `retainTracing(frames:)`.
    package static func releaseTracing(_ session: TracingSession) {
        reclaim_tracing_release_session(session.firstSerial)
    }

    /// The serial number of the live traced block that starts at `object`'s address (a class
    /// instance always starts its malloc block), or nil when it is not traced. Serial numbers
    /// increase with every traced allocation and never repeat.
    ///
    /// - Complexity: O(1) on average.
    package static func allocationSerial(of object: AnyObject) -> UInt64? {
        block(at: UInt(bitPattern: Unmanaged.passUnretained(object).toOpaque()), orContaining: false)?.serial
    }

    /// Makes the calling thread's next `count` traces fail as if the tracer had run out of
    /// memory (the
    /// allocations succeed untraced and count in `droppedTraceCount`), for tests of that path.
    package static func simulateTraceFailures(_ count: Int) {
        reclaim_tracing_simulate_failures(count)
    }

    /// The serial number the next traced allocation will get: blocks with a serial at least
    /// this value were allocated after this call.
    package static var nextAllocationSerial: UInt64 { reclaim_tracing_next_serial() }
}

/// A tracing session another Reclaim component holds open (see
/// `AllocationTracer.retainTracing(frames:)`).
package struct TracingSession: Sendable, Hashable {
    /// The serial number of the first allocation traced during the session: blocks with this
    /// serial or a later one were allocated while it ran.
    package let firstSerial: UInt64
}
