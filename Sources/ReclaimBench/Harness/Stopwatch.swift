/// Measures wall-clock time with the continuous clock.
enum Stopwatch {
    static func time(_ body: () -> Void) -> Duration {
        ContinuousClock().measure(body)
    }

    static func measure(_ body: () throws -> Void) rethrows -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        return clock.now - start
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
