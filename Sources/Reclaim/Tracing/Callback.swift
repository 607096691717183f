/// A stored closure whose captured object the collector can see.
///
/// The most common Swift retain cycle is an object that stores a closure capturing the object
/// itself. The closure's captures are invisible to the collector, so that cycle can never be
/// found. A `Callback` holds the object in a property of its own and passes it to the
/// closure as the first argument, so the closure does not need to capture it: the
/// reference is reported (it is ``Traceable``) and dropped by a collection like any other.
///
///     @Traced final class Button: GCObject {
///         var title = "OK"
///         var onTap: Callback<String, Void>?
///
///         override init() {
///             super.init()
///             onTap = Callback(capturing: self) { button, event in
///                 print(button.title, event)
///             }
///         }
///     }
///
///     button.onTap?("tap")
///
/// Use the closure's first parameter, never `self` or another object, inside the body: what
/// the closure itself captures stays invisible, and a strong capture of the owner there would
/// recreate the cycle. After a collection clears the callback, calling it returns `nil`.
///
/// # Thread safety
/// Not `Sendable`: it holds a ``GCObject``, which is confined to its heap's isolation domain.
public struct Callback<Input, Output>: Traceable {
    private var captured: GCObject?
    private var body: ((GCObject, Input) -> Output)?

    /// Creates a callback that holds `object` and passes it to `body` on every call.
    ///
    /// - Parameters:
    ///   - object: The object the callback keeps alive and reports to the collector; usually
    ///     the object that stores the callback.
    ///   - body: The code to run; it receives `object` and the call's input. For several
    ///     inputs, make `Input` a tuple; for none, `Void`.
    public init<Captured: GCObject>(
        capturing object: Captured,
        _ body: @escaping (Captured, Input) -> Output
    ) {
        captured = object
        self.body = { object, input in body(unsafeDowncast(object, to: Captured.self), input) }
    }

    /// Runs the callback with its captured object and `input`; returns `nil` when a collection
    /// has cleared it.
    @discardableResult
    public func callAsFunction(_ input: Input) -> Output? {
        guard let captured, let body else { return nil }
        return body(captured, input)
    }

    /// Whether a collection has cleared the callback (it then does nothing when called).
    public var isCleared: Bool { captured == nil }

    /// Reports the captured object.
    public func traceReferences(_ visit: (GCObject) -> Void) {
        if let captured { visit(captured) }
    }

    /// Drops the captured object and the closure.
    public mutating func clearReferences() {
        captured = nil
        body = nil
    }
}

extension Callback where Input == Void {
    /// Creates a callback without input that holds `object` and passes it to `body`.
    public init<Captured: GCObject>(capturing object: Captured, _ body: @escaping (Captured) -> Output) {
        self.init(capturing: object) { (captured: Captured, _: Void) in body(captured) }
    }

    /// Runs the callback with its captured object; returns `nil` when a collection has
    /// cleared it.
    @discardableResult
    public func callAsFunction() -> Output? {
        callAsFunction(())
    }
}

@available(*, unavailable, message: "a Callback holds a GCObject, which is confined to its heap's isolation domain")
extension Callback: Sendable {}
