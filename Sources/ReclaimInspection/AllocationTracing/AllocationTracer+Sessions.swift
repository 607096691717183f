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
    /// - Throws: The errors of `start`.
    package static func retainTracing(frames: Int) throws(AllocationTracerError) {
        try validate(frames: frames)
        try check(reclaim_tracing_retain_session(Int32(frames)))
    }

    /// Ends a session started by `retainTracing(frames:)`.
    package static func releaseTracing() {
        reclaim_tracing_release_session()
    }

    /// The serial number of the live traced block holding `object`, or nil when it is not
    /// traced. Serial numbers increase with every traced allocation and never repeat.
    package static func allocationSerial(of object: AnyObject) -> UInt64? {
        block(containing: UInt(bitPattern: Unmanaged.passUnretained(object).toOpaque()))?.serial
    }

    /// The serial number the next traced allocation will get: blocks with a serial at least
    /// this value were allocated after this call.
    package static var nextAllocationSerial: UInt64 { reclaim_tracing_next_serial() }
}
