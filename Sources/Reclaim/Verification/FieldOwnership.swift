/// How a stored property holds the class instance it refers to: the reference storage its
/// type is declared with.
enum FieldOwnership: Hashable, Sendable {
    /// An ordinary (strong) reference, or a value that is not a reference.
    case strong
    /// `weak var`.
    case weak
    /// `unowned`, which is `unowned(safe)`.
    case unowned
    /// `unowned(unsafe)`.
    case unownedUnsafe

    /// How the property is declared, as a word for messages.
    var declaration: String {
        switch self {
        case .strong: "strong"
        case .weak: "weak"
        case .unowned: "unowned"
        case .unownedUnsafe: "unowned(unsafe)"
        }
    }
}
