/// A text style expressed as an ANSI SGR escape sequence.
enum ANSIStyle: String {
    case bold = "1"
    case dim = "2"
    case green = "32"
    case yellow = "33"
    case cyan = "36"

    /// The sequence that turns every style off.
    static let reset = "\u{1B}[0m"

    /// The sequence that turns this style on.
    var escape: String {
        "\u{1B}[\(rawValue)m"
    }
}
