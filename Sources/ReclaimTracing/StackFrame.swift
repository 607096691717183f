/// One frame of an allocation's call stack: a return address, symbolized lazily.
///
/// The function name, image, source file and line are looked up the first time any of them is
/// read and cached per address for the life of the process. Frames of a snapshot loaded from
/// a file carry the names recorded when it was saved.
///
/// Equality compares where the frames are (function, image, file and line), so equal frames
/// from different runs of a program match.
///
/// # Thread safety
/// A value; symbolization is synchronized.
public struct StackFrame: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The return address in the process that recorded the frame.
    public let address: UInt
    private let recorded: SourceLocation?

    init(address: UInt) {
        self.address = address
        recorded = nil
    }

    init(address: UInt, location: SourceLocation) {
        self.address = address
        recorded = location
    }

    var location: SourceLocation { recorded ?? Symbolizer.shared.location(of: address) }

    /// The function, demangled when it is Swift code, or `"<unknown>"`.
    ///
    /// - Complexity: O(1) once symbolized; the first lookup of an address reads debug info.
    public var function: String { location.function }

    /// The file name of the executable or shared library holding the code.
    public var image: String { location.image }

    /// The path of the source file, or `"<unknown>"` for code without debug information.
    public var file: String { location.file }

    /// The source line, or 0 for code without debug information.
    public var line: Int { location.line }

    /// The frame as `Module.function(...) (File.swift:42)`, or with the image name in
    /// parentheses when there is no debug information.
    public var description: String {
        let location = location
        if location.file == SourceLocation.unknownFile {
            return "\(location.function) (\(location.image))"
        }
        return "\(location.function) (\(location.file.lastPathComponent):\(location.line))"
    }

    /// Whether the two frames are at the same function, image, file and line.
    public static func == (lhs: StackFrame, rhs: StackFrame) -> Bool {
        lhs.location == rhs.location
    }

    /// Hashes the frame's function, image, file and line.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(location)
    }

    private enum CodingKeys: String, CodingKey {
        case address, function, image, file, line
    }

    /// Reads a frame saved by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        address = try container.decode(UInt.self, forKey: .address)
        recorded = SourceLocation(
            function: try container.decode(String.self, forKey: .function),
            image: try container.decode(String.self, forKey: .image),
            file: try container.decode(String.self, forKey: .file),
            line: try container.decode(Int.self, forKey: .line)
        )
    }

    /// Writes the frame symbolized: its address means nothing in another process.
    public func encode(to encoder: any Encoder) throws {
        let location = location
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(address, forKey: .address)
        try container.encode(location.function, forKey: .function)
        try container.encode(location.image, forKey: .image)
        try container.encode(location.file, forKey: .file)
        try container.encode(location.line, forKey: .line)
    }
}

extension String {
    /// The part after the last slash.
    var lastPathComponent: String {
        guard let slash = lastIndex(of: "/") else { return self }
        return String(self[index(after: slash)...])
    }
}
