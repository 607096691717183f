import Reclaim

/// A button with two handlers: `onTap`, a ``Callback`` whose captured object the collector
/// sees, and `onHover`, a plain closure whose captures it cannot see.
final class Button: GCObject {
    let title: String
    var onTap: Callback<Void, String>?
    var onHover: (() -> String)?
    private let onDeinit: () -> Void

    /// Creates a button; `onDeinit` runs when the button is freed.
    init(title: String, onDeinit: @escaping () -> Void) {
        self.title = title
        self.onDeinit = onDeinit
        super.init()
    }

    deinit {
        onDeinit()
    }

    override func traverse(_ visit: (GCObject) -> Void) {
        onTap?.traceReferences(visit)
    }

    override func clear() {
        onTap?.clearReferences()
        onHover = nil
    }
}
