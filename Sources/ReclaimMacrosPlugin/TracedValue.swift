import SwiftSyntax

/// One value the generated code reports: a stored property, an element of a stored tuple, or
/// an enum case's payload.
struct TracedValue {
    /// The expression that reads it, such as `self.children` or `self.pair.0`.
    var access: String
    /// Whether `clear()` can assign to it (a `var`, not a `let`).
    var isMutable: Bool
    /// Any shape but `.referenceFree`.
    var shape: TypeShape
    /// Whether `traverse(_:)` passes it `inout`: a standard collection (or an optional of one)
    /// held by a class's stored `var` whose access runs no code of the class (see
    /// `TracedMacro.allowsInout`), or by an element of a stored tuple of one. Passed `inout`,
    /// the value is not copied before the collector reads the retain count of its storage, so
    /// a buffer only this property refers to is reported as its holder's instead of as a
    /// storage node (see `_TracedSupport`). Every `inout` access pays for its exclusivity
    /// check (`swift_beginAccess` and `swift_endAccess`), which a reference gains nothing
    /// for (it is retained either way): two `Node?` properties passed `inout` made a scan of
    /// a 1 M-node graph 40 % slower. A struct or an enum passed `inout` spares the collections
    /// inside it the copy in optimized builds only (an unoptimized one copies it to call its
    /// `traceReferences(_:)`), and syntax cannot tell a struct from a class reference (`Edge`,
    /// `Node`), so they are passed by value too. Used for values resolved statically only.
    var passesInout = false
    /// Whether reading `access` is a plain load of a class's stored `var` (`TracedMacro.allowsInout`
    /// holds: no observers or other accessors, and no subclass can override it): `traverse(_:)`
    /// then reports a reference in it without a retain (`_TracedSupport.traceStored`), as
    /// `GCObject.report(_:to:)` does. Elsewhere a getter could return an object nothing else
    /// holds, which must stay retained while `visit` runs.
    var readsStoredProperty = false
    /// Whether the value is a stored property of a struct (a closure property is then read in
    /// a copy of the struct rather than in an object).
    var isInStruct = false
    /// For a closure property: its name as the runtime's field reflection reports it
    /// (without backticks), and the class that declares it (a subclass may declare its own
    /// property of the same name).
    var propertyName: String?
    var declaringClass: String?
    /// The compile-time check that warns when `clear()` cannot drop what the value holds, or
    /// `nil` when it can (or when the value's type is only known at run time).
    var clearabilityCheck: ClearabilityCheck?

    /// The statement that reports the value's references to `visit`. A value resolved
    /// statically that `passesInout` is passed `inout`, so that no copy is made before the
    /// collector reads the retain count of its storage (see `_TracedSupport`). An existential
    /// is passed wrapped in an `Optional`, which keeps the container as it is stored (passing
    /// it to a generic parameter would open it, losing the box that copies share).
    var traceStatement: String {
        switch shape {
        case .resolvedStatically where passesInout: "Reclaim._TracedSupport.trace(&\(access), visit)"
        case .resolvedStatically where readsStoredProperty: "Reclaim._TracedSupport.traceStored(\(access), visit)"
        case .resolvedDynamically: "Reclaim._TracedSupport.traceDynamic(\(access), visit)"
        case .existential: "Reclaim._TracedSupport.traceExistential(Optional(\(access)), visit)"
        case .classExistential: "Reclaim._TracedSupport.traceObject(\(access), visit)"
        case .closure where isInStruct && propertyName != nil:
            "Reclaim._TracedSupport.traceClosures(inValue: self, property: \"\(propertyName ?? "")\", visit)"
        case .closure where declaringClass != nil && propertyName != nil:
            """
            Reclaim._TracedSupport.traceClosures(in: self, property: "\(propertyName ?? "")", \
            declaredIn: \(declaringClass ?? "").self, visit)
            """
        case .closure: "Reclaim._TracedSupport.traceClosures(\(access), visit)"
        default: "Reclaim._TracedSupport.trace(\(access), visit)"
        }
    }

    /// The statement that drops the value's references.
    var clearStatement: String {
        switch shape {
        case .resolvedStatically: "Reclaim._TracedSupport.clear(&\(access))"
        case .closure: "Reclaim._TracedSupport.clearClosures(&\(access))"
        default: "Reclaim._TracedSupport.clearDynamic(&\(access))"
        }
    }

    /// The compile-time check's statements, if the value has one.
    var clearabilityStatements: [String] {
        clearabilityCheck?.statements(access: access) ?? []
    }

    /// The values to trace for a value of `type` read by `access`: itself, or, for a tuple
    /// type, each of its elements (tuples cannot conform to `Traceable`).
    ///
    /// - Parameters:
    ///   - access: The expression that reads the value.
    ///   - name: How warnings name the value (`pair`; its elements become `pair.0`).
    ///   - type: Its declared type, if any.
    ///   - shape: What `type` (or the initial value) says about it.
    ///   - isMutable: Whether `clear()` can assign to it.
    ///   - accessAllowsInout: Whether `traverse(_:)` may pass the property `inout` (see
    ///     `TracedMacro.allowsInout`); it does for a standard collection.
    ///   - initialValue: The initial value of a property declared without a type, which tells
    ///     whether it holds a standard collection.
    ///   - check: The kind of compile-time check for a value `clear()` may not drop, or `nil`
    ///     for none. Only values whose type is known at compile time are checked, and a
    ///     `.variable` or `.payload` check only when the type is not syntactically an optional
    ///     or a collection (which `clear()` always drops).
    ///   - classifier: Classifies the elements of a tuple.
    /// - Returns: The values to trace; none for plain data.
    static func values(
        access: String,
        name: String,
        type: TypeSyntax?,
        shape: TypeShape,
        isMutable: Bool,
        accessAllowsInout: Bool = false,
        initialValue: ExprSyntax? = nil,
        check: ClearabilityCheck.Kind?,
        classifier: TypeClassifier
    ) -> [TracedValue] {
        guard shape != .referenceFree else { return [] }
        if let tuple = type?.as(TupleTypeSyntax.self), tuple.elements.count > 1 {
            return tuple.elements.enumerated().flatMap { index, element in
                let label = element.firstName.flatMap { $0.tokenKind == .wildcard ? nil : $0.text }
                let member = label ?? String(index)
                return values(
                    access: "\(access).\(member)",
                    name: "\(name).\(member)",
                    type: element.type,
                    shape: classifier.shape(of: element.type),
                    isMutable: isMutable,
                    accessAllowsInout: accessAllowsInout,
                    check: check,
                    classifier: classifier
                )
            }
        }
        var clearabilityCheck: ClearabilityCheck?
        if let check, shape == .resolvedStatically {
            switch check {
            case .structLet:
                clearabilityCheck = ClearabilityCheck(kind: check, name: name)
            case .variable, .payload:
                if !TypeClassifier.isAlwaysClearable(type) {
                    clearabilityCheck = ClearabilityCheck(kind: check, name: name)
                }
            }
        }
        let holdsCollectionStorage =
            if let type {
                TypeClassifier.isCollectionStorage(type)
            } else {
                initialValue.map(TypeClassifier.isCollectionStorage(initialValue:)) ?? false
            }
        return [
            TracedValue(
                access: access,
                isMutable: isMutable,
                shape: shape,
                passesInout: accessAllowsInout && holdsCollectionStorage,
                readsStoredProperty: accessAllowsInout,
                clearabilityCheck: clearabilityCheck
            )
        ]
    }
}
