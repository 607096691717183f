/// The functions `@Traced` generates calls to, one per stored property. Not for direct use.
///
/// A macro sees syntax, not types, so it cannot tell a property of type `Node` from one of
/// type `Point`. The generated code calls `trace(self.property, visit)` and leaves the choice
/// to overload resolution, as `@Observable` does: `Traceable` values (every `GCObject`,
/// optionals and collections of them, `@Traced` value types) get the real implementation; any
/// other type matches only the unavailable fallback, whose message is the compile error the
/// user sees.
public enum _TracedSupport {
    /// Reports the references of a `Traceable` property.
    public static func trace<Value: Traceable>(_ value: Value, _ visit: (GCObject) -> Void) {
        value.traceReferences(visit)
    }

    /// The fallback for a property whose type is not `Traceable`: a compile error.
    @available(
        *,
        unavailable,
        message:
            "@Traced cannot see into this property's type: conform the type to Traceable (with @Traced, or ReferenceFree if it never holds a GCObject), or mark the property @Untraced; for a closure, store a Callback"
    )
    public static func trace<Value>(_ value: Value, _ visit: (GCObject) -> Void) {}

    /// Drops the references of a `Traceable` property.
    public static func clear<Value: Traceable>(_ value: inout Value) {
        value.clearReferences()
    }

    /// The fallback for a property whose type is not `Traceable`: a compile error.
    @available(*, unavailable, message: "conform the property's type to Traceable, or mark the property @Untraced")
    public static func clear<Value>(_ value: inout Value) {}

    /// For properties whose type names a generic parameter or an existential: decided at run
    /// time, per value. A value of a type that is not `Traceable` reports nothing (a missed
    /// reference only leaks; `GC.verify()` finds it).
    public static func traceDynamic<Value>(_ value: Value, _ visit: (GCObject) -> Void) {
        if let traceable = value as? any Traceable {
            traceable.traceReferences(visit)
        }
    }

    /// The run-time counterpart of `clear(_:)`, for the properties `traceDynamic` handles.
    public static func clearDynamic<Value>(_ value: inout Value) {
        guard var traceable = value as? any Traceable, type(of: traceable).mayContainReferences else { return }
        // An optional whose wrapped type is not `Traceable` itself (`Any?`, `AnyObject?`,
        // `(any P)?`) casts to its payload, and clearing a payload that is a plain reference
        // does nothing: set the optional to nil instead, as `Optional.clearReferences()` does.
        if let optionalType = Value.self as? any NilRepresentable.Type, let none = optionalType.nilValue as? Value {
            value = none
            return
        }
        traceable.clearReferences()
        if let cleared = traceable as? Value { value = cleared }
    }
}

/// `Optional`, whatever it wraps: lets `clearDynamic` recognize an optional by its type (a
/// value cast would look through it) and make its `nil`.
private protocol NilRepresentable {
    static var nilValue: Self { get }
}

extension Optional: NilRepresentable {
    fileprivate static var nilValue: Self { nil }
}
