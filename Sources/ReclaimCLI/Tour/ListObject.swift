import Reclaim

/// A tracked, list-like object: the tour's stand-in for a Python `list`.
///
/// Items are integers or other lists. Lists are held strongly, reported by `traverse(_:)` and
/// dropped by `clear()`, so the collector can break cycles that run through them.
final class ListObject: GCObject {
    /// One element of a list.
    enum Item: ExpressibleByIntegerLiteral {
        case int(Int)
        case list(ListObject)

        init(integerLiteral value: Int) {
            self = .int(value)
        }
    }

    private var items: [Item]
    private let onDeinit: (() -> Void)?

    /// Creates a list holding `items`; `onDeinit` runs when the list is freed.
    init(_ items: [Item] = [], onDeinit: (() -> Void)? = nil) {
        self.items = items
        self.onDeinit = onDeinit
        super.init()
    }

    deinit {
        onDeinit?()
    }

    func append(_ item: Item) {
        items.append(item)
    }

    func removeAll() {
        items.removeAll()
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        for case .list(let list) in items {
            visit(list)
        }
    }

    override func clear() {
        items.removeAll()
    }
}
