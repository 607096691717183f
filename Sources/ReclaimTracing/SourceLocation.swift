/// What symbolization found for one code address.
struct SourceLocation: Sendable, Hashable, Codable {
    /// The file name given to frames without debug information.
    static let unknownFile = "<unknown>"

    /// The demangled function name (C names as they are), or `"<unknown>"`.
    var function: String
    /// The file name of the image (executable or shared library) holding the code.
    var image: String
    /// The source file path, or `"<unknown>"` without debug information.
    var file: String
    /// The source line, or 0 without debug information.
    var line: Int

    /// The file that statistics group by: the source file, or the image for code without debug
    /// information.
    var groupingFile: String { file == Self.unknownFile ? image : file }
}
