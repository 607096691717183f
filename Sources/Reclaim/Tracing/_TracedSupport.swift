/// The functions `@Traced` generates calls to, one per stored property. Not for direct use.
///
/// A macro sees syntax, not types, so it cannot tell a property of type `Node` from one of
/// type `Point`. The generated code calls `trace(self.property, visit)` and leaves the choice
/// to overload resolution, as `@Observable` does: `Traceable` values (every `GCObject`,
/// optionals and collections of them, `@Traced` value types) get the real implementation; any
/// other type matches only the unavailable fallback, whose message is the compile error the
/// user sees.
///
/// A standard collection held by a class's stored `var` that no code of the class runs on
/// access (no observers, and no subclass can override it) is passed `inout` instead:
/// `trace(&self.children, visit)`. Reading a class property by value copies it, which adds a
/// retain to an array's buffer, so during a collection every buffer would look shared and be
/// counted as a storage node of its own (exact, but slower; see `SharedStorage`). Passed
/// `inout`, nothing is copied before the buffer's retain count is read, and a buffer only the
/// property refers to is reported as its holder's, at no extra cost. (Other values are passed
/// by value: the `inout` access's exclusivity check, `swift_beginAccess` and
/// `swift_endAccess`, would cost more than it saves.) The `inout` overloads mirror the
/// by-value ones and never write. Any other value such a `var` holds goes to
/// `traceStored(self.property, visit)`, which reads a reference in it without a retain: no
/// getter runs, so the property keeps the object alive while `visit` runs.
public enum _TracedSupport {
    /// Reports the references of a `Traceable` property. Skips a type whose values never hold
    /// references, and an instance of a class other than `GCObject` (see
    /// ``Traceable/mayContainReferences``); both checks fold away once specialized.
    public static func trace<Value: Traceable>(_ value: Value, _ visit: (GCObject) -> Void) {
        guard Value.mayContainReferences else { return }
        value.traceReferences(visit)
    }

    /// Reports a `GCObject` property. By value, so the object is retained while `visit` runs:
    /// the generated code calls `trace` for a property whose read may run a getter (a subclass
    /// may override it with a computed one, or an accessor macro rewrite it), whose result
    /// nothing else may hold; read unretained, it would be freed before `visit` ran. A plain
    /// stored `var` gets `traceStored` instead.
    public static func trace<Value: GCObject>(_ value: Value, _ visit: (GCObject) -> Void) {
        visit(value)
    }

    /// The fallback for a property whose type is not `Traceable`: a compile error.
    @available(
        *,
        unavailable,
        message:
            "@Traced cannot see into this property's type: conform the type to Traceable (with @Traced, or ReferenceFree if it never holds a GCObject), or mark the property @Untraced; for a closure, declare its function type (an optional or a collection of closures) so that @Traced traces what it captures"
    )
    public static func trace<Value>(_ value: Value, _ visit: (GCObject) -> Void) {}

    /// Reports a `GCObject` held by a stored property that `traceStored` is generated for: a
    /// class's `var` whose read is a plain load (no observers or other accessors, and no
    /// subclass can override it). The property keeps the object alive while `visit` runs, so
    /// it is read unretained, as `GCObject.report(_:to:)` does.
    @inlinable @inline(__always)
    public static func traceStored(_ value: @autoclosure () -> GCObject, _ visit: (GCObject) -> Void) {
        GCObject.visitUnretained(value(), visit)
    }

    /// Reports an optional `GCObject` held by such a stored property, unretained. (Overload
    /// resolution prefers the two non-generic overloads to the `Traceable` one, which other
    /// types take; they are not generic so that a generic class's unspecialized `traverse`
    /// stays cheap.)
    @inlinable @inline(__always)
    public static func traceStored(_ value: @autoclosure () -> GCObject?, _ visit: (GCObject) -> Void) {
        GCObject.visitUnretained(value(), visit)
    }

    /// Reports the references of any other `Traceable` value held by such a stored property,
    /// as `trace(_:_:)` does.
    public static func traceStored<Value: Traceable>(_ value: Value, _ visit: (GCObject) -> Void) {
        trace(value, visit)
    }

    /// The fallback for a stored property whose type is not `Traceable`: a compile error.
    @available(
        *,
        unavailable,
        message:
            "@Traced cannot see into this property's type: conform the type to Traceable (with @Traced, or ReferenceFree if it never holds a GCObject), or mark the property @Untraced; for a closure, declare its function type (an optional or a collection of closures) so that @Traced traces what it captures"
    )
    public static func traceStored<Value>(_ value: Value, _ visit: (GCObject) -> Void) {}

    /// Reports the references of a `Traceable` property passed `inout` (see the type's
    /// documentation). Skips a type whose values never hold references, and an instance of a
    /// class other than `GCObject`, as the by-value overload does.
    public static func trace<Value: Traceable>(_ value: inout Value, _ visit: (GCObject) -> Void) {
        guard Value.mayContainReferences else { return }
        value.traceReferences(visit)
    }

    /// Reports a property that refers to the storage of a standard collection (an `Array`,
    /// `ContiguousArray`, `Set` or `Dictionary`, or an optional of one), passed `inout`: its
    /// storage's retain count is read in place, before anything copies the value, so a buffer
    /// only this property refers to is reported as its holder's even where reporting the
    /// elements makes copies (an unoptimized build copies a value passed on to a generic
    /// function).
    public static func trace<Value: StorageReference>(_ value: inout Value, _ visit: (GCObject) -> Void) {
        guard Value.mayContainReferences else { return }
        SharedStorage.trace(inPlace: &value) { $0.traceReferences(visit) }
    }

    /// Reports a `GCObject` property passed `inout`.
    public static func trace<Value: GCObject>(_ value: inout Value, _ visit: (GCObject) -> Void) {
        visit(value)
    }

    /// The fallback for a property passed `inout` whose type is not `Traceable`: a compile
    /// error, the same as for one passed by value.
    @available(
        *,
        unavailable,
        message:
            "@Traced cannot see into this property's type: conform the type to Traceable (with @Traced, or ReferenceFree if it never holds a GCObject), or mark the property @Untraced; for a closure, declare its function type (an optional or a collection of closures) so that @Traced traces what it captures"
    )
    public static func trace<Value>(_ value: inout Value, _ visit: (GCObject) -> Void) {}

    /// Drops the references of a `Traceable` property (never those of a shared class instance).
    public static func clear<Value: Traceable>(_ value: inout Value) {
        guard Value.mayContainReferences else { return }
        value.clearReferences()
    }

    /// The fallback for a property whose type is not `Traceable`: a compile error.
    @available(*, unavailable, message: "conform the property's type to Traceable, or mark the property @Untraced")
    public static func clear<Value>(_ value: inout Value) {}

    /// For properties whose type names a generic parameter: decided at run time, per value. A
    /// value of a type that is not `Traceable`, or one whose ``Traceable/mayContainReferences``
    /// is false (plain data, an instance of a class that is not a `GCObject`), reports nothing
    /// (a missed reference only leaks; `GC.verify()` finds it).
    ///
    /// A generic parameter bound to an existential (`Holder<Any>`), or to an optional of one,
    /// is reported as `traceExistential` reports an existential property: casting the value to
    /// `any Traceable` would copy it out of the box that copies of it share, and report what a
    /// copy held elsewhere keeps alive as this holder's own. (A parameterized existential,
    /// `any P<Node>`, is left out, which only leaks; where the layout is not verified, see the
    /// README's Platforms, existentials are not recognized and are reported through the cast.)
    public static func traceDynamic<Value>(_ value: Value, _ visit: (GCObject) -> Void) {
        if RuntimeShims.isExistential(Value.self) {
            traceExistential(Optional(value), visit)
            return
        }
        if let optionalType = Value.self as? any AnyOptional.Type {
            optionalType.traceWrapped(in: value, visit)
            return
        }
        guard let traceable = value as? any Traceable, type(of: traceable).mayContainReferences else { return }
        traceable.traceReferences(visit)
    }

    /// For properties and payloads of an existential type (`Any`, `any P`), passed wrapped in
    /// an `Optional` (`traceExistential(Optional(self.payload), visit)`): an existential passed
    /// to a generic parameter is opened, and the wrapping keeps the container as it is stored,
    /// box included.
    ///
    /// A value stored inside the container (at most three words, bitwise-movable) is reported
    /// as the holder's own references. A larger value lives in a box that copies of the
    /// existential share: a collection counts the box as an object of its own (see
    /// `SharedStorage`). Error existentials (`any Error`), whose boxes are always shared and
    /// cannot be told apart, are skipped; skipping only leaves references unreported.
    public static func traceExistential<Value>(_ value: Value?, _ visit: (GCObject) -> Void) {
        guard let unwrapped = value, let traceable = unwrapped as? any Traceable,
            type(of: traceable).mayContainReferences
        else { return }
        switch RuntimeShims.existentialRepresentation(of: Value.self) {
        case .classBound:
            traceable.traceReferences(visit)
        case .opaque:
            if RuntimeShims.isStoredInlineInExistential(type(of: traceable)) {
                traceable.traceReferences(visit)
            } else {
                SharedStorage.traceBox(
                    containerType: Value.self,
                    locate: {
                        RuntimeProbes.results.findsExistentialBoxes ? RuntimeShims.existentialBox(in: value) : nil
                    }
                ) {
                    traceable.traceReferences(visit)
                }
            }
        case .error, .notExistential:
            // An error's box is shared by every copy; a value that is not an existential here
            // was opened out of one (a box copies may share): neither can be attributed.
            return
        }
    }

    /// `traceExistential` for an optional existential property, which the generated code
    /// wraps in one more `Optional`.
    public static func traceExistential<Value>(_ value: Value??, _ visit: (GCObject) -> Void) {
        guard let inner = value else { return }
        traceExistential(inner, visit)
    }

    /// For the payloads of an `indirect` enum case: `payload` reports them (the generated
    /// code binds them with a `switch` on `value` first). They live in a box that copies of
    /// the enum share; a collection counts the box as an object of its own (see
    /// `SharedStorage`), and records its contents after the `traverse` call that found it, so
    /// a long list made of `indirect` cases is scanned without deep recursion.
    public static func traceIndirectPayload<Enum: Traceable>(of value: Enum, _ payload: () -> Void) {
        SharedStorage.traceIndirectBox(
            of: value,
            locate: { RuntimeProbes.results.findsIndirectBoxes ? RuntimeShims.indirectPayloadBox(of: value) : nil },
            contents: payload
        )
    }

    /// For `AnyObject` properties: reports the object if it is a `GCObject`. Anything else
    /// (another class's instance, or a value boxed to become an object, a box copies share) is
    /// left alone.
    public static func traceObject<Value>(_ value: Value, _ visit: (GCObject) -> Void) {
        if let object = value as? GCObject { visit(object) }
    }

    /// For properties that hold closures (`(() -> Void)?`, `[(Event) -> Void]`, a dictionary of
    /// handlers): reports the `GCObject`s the closures capture, read from runtime metadata (see
    /// `ClosureTracing`), and any other reference the value holds. Where the platform's
    /// layout is not verified (see `RuntimeProbes`), nothing is reported, which only leaks.
    public static func traceClosures<Value>(_ value: Value, _ visit: (GCObject) -> Void) {
        guard RuntimeProbes.walksObjectReferences else { return }
        withUnsafeBytes(of: value) { bytes in
            guard let address = bytes.baseAddress else { return }
            ClosureTracing.trace(valueAt: address, of: Value.self, visit)
        }
    }

    /// For a class's stored properties that hold closures: reports the `GCObject`s the
    /// closures capture, as `traceClosures(_:_:)` does, reading the property named `property`
    /// in place in `object`'s memory. Read through Swift, a closure property passed to a
    /// generic function is copied into a new reabstraction thunk, a temporary whose contents
    /// a collection would not count. `declaringClass` is the class that declares the property
    /// (a subclass may declare its own of the same name); by default, the object's class.
    public static func traceClosures(
        in object: GCObject,
        property: StaticString,
        declaredIn declaringClass: AnyClass? = nil,
        _ visit: (GCObject) -> Void
    ) {
        guard RuntimeProbes.walksObjectReferences else { return }
        ClosureTracing.trace(property: property, declaredIn: declaringClass, of: object, visit)
    }

    /// For a struct's stored properties that hold closures: reports the `GCObject`s the
    /// closures capture, reading the property named `property` in place in `value` (a copy of
    /// the struct keeps each closure as stored; passing the closure itself to a generic
    /// function would wrap it in a temporary reabstraction thunk).
    public static func traceClosures<Holder>(
        inValue value: Holder,
        property: StaticString,
        _ visit: (GCObject) -> Void
    ) {
        guard RuntimeProbes.walksObjectReferences else { return }
        ClosureTracing.trace(property: property, of: value, visit)
    }

    /// Drops the closures a property holds: an optional becomes `nil`, a collection empty. A
    /// closure that is neither cannot be dropped (`@Traced` warns at compile time).
    public static func clearClosures<Value>(_ value: inout Value) {
        if let optionalType = Value.self as? any AnyOptional.Type, let none = optionalType.nilValue as? Value {
            value = none
        } else if let emptyType = Value.self as? any EmptyContainer.Type, let empty = emptyType.empty as? Value {
            value = empty
        }
    }

    /// The run-time counterpart of `clear(_:)`, for the properties the `trace` functions above
    /// decide at run time.
    public static func clearDynamic<Value>(_ value: inout Value) {
        guard var traceable = value as? any Traceable, type(of: traceable).mayContainReferences else { return }
        // An optional whose wrapped type is not `Traceable` itself (`Any?`, `AnyObject?`,
        // `(any P)?`) casts to its payload, and clearing a payload that is a plain reference
        // does nothing: set the optional to nil instead, as `Optional.clearReferences()` does.
        if let optionalType = Value.self as? any AnyOptional.Type, let none = optionalType.nilValue as? Value {
            value = none
            return
        }
        traceable.clearReferences()
        if let cleared = traceable as? Value { value = cleared }
    }

}

/// `Optional`, whatever it wraps: lets `clearDynamic` recognize an optional by its type (a
/// cast of the value would look through it) and set it to `nil`, and `traceDynamic` report
/// what it wraps with the wrapped type known (an existential among them).
private protocol AnyOptional {
    static var nilValue: Self { get }

    /// Reports, through `traceDynamic`, what `value` (of this optional type) wraps.
    static func traceWrapped<Value>(in value: Value, _ visit: (GCObject) -> Void)
}

/// The standard collections, which `clearClosures` empties.
private protocol EmptyContainer {
    static var empty: Self { get }
}

extension Array: EmptyContainer {
    fileprivate static var empty: Self { [] }
}

extension ContiguousArray: EmptyContainer {
    fileprivate static var empty: Self { [] }
}

extension Dictionary: EmptyContainer {
    fileprivate static var empty: Self { [:] }
}

extension Set: EmptyContainer {
    fileprivate static var empty: Self { [] }
}

extension Optional: AnyOptional {
    fileprivate static var nilValue: Self { nil }

    fileprivate static func traceWrapped<Value>(in value: Value, _ visit: (GCObject) -> Void) {
        precondition(Value.self == Self.self, "traceWrapped(in:) is called with a value of its own type")
        // `Value` is `Self`: read the value as the optional it is, without a cast.
        let optional = withUnsafePointer(to: value) { $0.withMemoryRebound(to: Self.self, capacity: 1) { $0.pointee } }
        guard let wrapped = optional else { return }
        _TracedSupport.traceDynamic(wrapped, visit)
    }
}
