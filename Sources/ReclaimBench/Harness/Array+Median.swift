extension Array {
    /// The middle element of a sorted array (the upper one of the two middle elements when the
    /// count is even), or `nil` when empty.
    var median: Element? {
        isEmpty ? nil : self[count / 2]
    }
}
