/// Measures wall-clock time with the continuous clock.
enum Stopwatch {
    static func time(_ body: () -> Void) -> Duration {
        ContinuousClock().measure(body)
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
