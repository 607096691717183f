extension String {
    /// The identifier without the backticks of an escaped keyword (`` `default` ``), for messages.
    var trimmingBackticks: String {
        hasPrefix("`") && hasSuffix("`") && count > 1 ? String(dropFirst().dropLast()) : self
    }
}
