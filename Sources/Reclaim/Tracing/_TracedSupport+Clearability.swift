extension _TracedSupport {
    /// What `@Traced`'s compile-time check of a value `clear()` cannot drop found: the value's
    /// type can hold references to `GCObject`s, so the reference stays after a collection
    /// cleared its holder. Not for direct use.
    ///
    /// A macro sees syntax, not types: it cannot tell `var anchor: Node` from
    /// `var point: Point`. For each value `clear()` cannot drop (a non-optional `var`, a
    /// struct's `let`, an enum payload rebuilt as it was), the generated code declares, inside a
    /// function that is never called, two local overloads, the one taking `KeepsReferences`
    /// deprecated with a message that names the property, and passes them the result of
    /// ``referencesKept(inVar:)`` or ``referencesKept(inLet:)``. Overload resolution on the
    /// value's real type picks the result, so the warning appears only for types that can hold
    /// references, and nothing runs at run time.
    ///
    /// A class's `let`s get no check: a `let` can only refer to objects that existed before its
    /// holder, so every cycle through one also runs through a `var` or an enum payload, which
    /// has its own. A struct's `let` can end up in a `var` of an older object, which clearing
    /// does not reach into.
    public struct KeepsReferences {
        init() {}
    }

    /// What `@Traced`'s compile-time check of a value `clear()` cannot drop found: the value
    /// holds no reference to a `GCObject` that it could keep. See ``KeepsReferences``. Not for
    /// direct use.
    public struct KeepsNothing {
        init() {}
    }

    // MARK: - A value clear() cannot assign (a struct's `let`)

    /// A struct's `let` of a type that is not `Traceable`: the generated `trace` call already
    /// fails to compile with the message that says what to do, so this one adds nothing.
    public static func referencesKept<Value>(inLet value: Value) -> KeepsNothing { KeepsNothing() }

    /// A struct's `let` of a `Traceable` type (a `@Traced` struct or enum with references, an
    /// optional or a collection of `GCObject`s, a `Callback`): `clearReferences()` cannot drop
    /// what it holds.
    public static func referencesKept<Value: Traceable>(inLet value: Value) -> KeepsReferences {
        KeepsReferences()
    }

    /// A struct's `let` of plain data (`ReferenceFree`, such as `UUID`, `[Date]`, `Point?`, or
    /// a `@Traced` struct without references): nothing to drop.
    public static func referencesKept<Value: ReferenceFree>(inLet value: Value) -> KeepsNothing { KeepsNothing() }

    /// A struct's `let` reference to a `GCObject`: `clearReferences()` cannot drop it.
    public static func referencesKept<Value: GCObject>(inLet value: Value) -> KeepsReferences { KeepsReferences() }

    /// A struct's `let` holding an instance of a `Traceable` class that is not a `GCObject`:
    /// its references are not reported (the instance may be shared), so they cannot make a
    /// cycle the collector sees.
    public static func referencesKept<Value: Traceable & AnyObject>(inLet value: Value) -> KeepsNothing {
        KeepsNothing()
    }

    /// A struct's `let` holding an instance of a `ReferenceFree` class: nothing to drop.
    public static func referencesKept<Value: ReferenceFree & AnyObject>(inLet value: Value) -> KeepsNothing {
        KeepsNothing()
    }

    // MARK: - A value clear() assigns its cleared self (a `var`, a rebuilt enum payload)

    /// A `var` (or a payload an enum's `clearReferences()` rebuilds) of any type but a
    /// `GCObject`: `clear()` drops what it can hold (an optional becomes `nil`, a collection
    /// empties, a `Traceable` value clears itself and says so at its own declaration).
    public static func referencesKept<Value>(inVar value: Value) -> KeepsNothing { KeepsNothing() }

    /// A non-optional `var` reference to a `GCObject` (or such a payload): `clear()` cannot
    /// drop it, since only `nil` could replace it.
    public static func referencesKept<Value: GCObject>(inVar value: Value) -> KeepsReferences {
        KeepsReferences()
    }
}
