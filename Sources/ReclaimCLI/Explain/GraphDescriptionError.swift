/// Why a graph description could not be used, naming the file and, for a bad line, its number.
struct GraphDescriptionError: Error, CustomStringConvertible, Equatable {
    /// The file (or "the built-in example").
    var source: String
    /// The 1-based line at fault, or `nil` for a problem with the whole file.
    var line: Int?
    /// What is wrong and how to fix it.
    var message: String

    var description: String {
        if let line {
            return "\(source):\(line): \(message)"
        }
        return "\(source): \(message)"
    }
}
