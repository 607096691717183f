import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros

extension TracedMacro {
    /// What declares the stored properties.
    enum PropertyHolder {
        /// A class: its `let`s need no compile-time check (see `ClearabilityCheck`), and its
        /// `traverse(_:)` may pass a stored `var` `inout` (see `allowsInout`).
        ///
        /// - `isFinal`: the class is `final`, so no subclass overrides a property.
        /// - `allowsInout`: no other macro is attached to the class; one could turn its stored
        ///   properties into computed ones whose accessors run code (`@Observable` does).
        /// - `name`: the class's name, which closure properties are looked up in (a subclass
        ///   may declare a property of the same name).
        case classDeclaration(isFinal: Bool, allowsInout: Bool, name: String)
        /// A struct: its `let`s get a compile-time check, and its `traceReferences(_:)`, which
        /// is not `mutating`, reads every property by value.
        case structDeclaration

        /// A class declared by `decl`.
        static func of(_ decl: ClassDeclSyntax) -> PropertyHolder {
            .classDeclaration(
                isFinal: decl.modifiers.contains { $0.name.tokenKind == .keyword(.final) },
                allowsInout: decl.attributes.allSatisfy { element in
                    guard case .attribute(let attribute) = element else { return false }
                    let name = attribute.attributeName.trimmedDescription
                    // A known built-in attribute, or a global actor, is not a macro. (A
                    // macro's name may be lower case too: only the known ones pass.)
                    let isGlobalActor = name.first?.isUppercase == true && name.hasSuffix("Actor")
                    return TracedMacro.builtInAttributes.contains(name) || name == "Traced"
                        || name == "ReclaimMacros.Traced" || isGlobalActor
                },
                name: decl.name.text
            )
        }
    }

    /// The values the stored properties among `members` hold that need tracing, in declaration
    /// order. Skips static, computed, `weak`, `unowned` and `@Untraced` properties and plain
    /// data; traces closures through their captures; diagnoses closures that `clear()` could
    /// not drop (not optional, not in a collection), `lazy` properties and destructuring
    /// patterns (into `diagnostics`). Values `clear()` may not drop (non-optional `var`s, a
    /// struct's `let`s) get a compile-time check unless marked `@Uncleared`.
    static func storedValues(
        in members: MemberBlockItemListSyntax,
        of holder: PropertyHolder,
        classifier: TypeClassifier,
        diagnostics: inout [Diagnostic]
    ) -> [TracedValue] {
        var values: [TracedValue] = []
        for member in members {
            diagnoseConditionalStorage(member, diagnostics: &diagnostics)
            guard let variable = member.decl.as(VariableDeclSyntax.self), !isSkipped(variable) else { continue }
            let wrapper = propertyWrapper(of: variable)
            let isLazy = variable.modifiers.contains { $0.name.tokenKind == .keyword(.lazy) }
            let isLet = variable.bindingSpecifier.tokenKind == .keyword(.let)
            let isUncleared = hasAttribute(in: variable.attributes, named: "Uncleared")
            let bindings = Array(variable.bindings)
            for (position, binding) in bindings.enumerated() {
                if isComputed(binding) { continue }
                guard let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier else {
                    if !binding.pattern.is(WildcardPatternSyntax.self) {
                        diagnostics.append(
                            Diagnostic(node: binding.pattern, message: TracedDiagnostic.destructuredProperty)
                        )
                    }
                    continue
                }
                let type = declaredType(of: position, in: bindings)
                let shape: TypeShape
                if let type {
                    shape = classifier.shape(of: type)
                } else if let value = binding.initializer?.value {
                    shape = classifier.shape(ofInitialValue: value)
                } else {
                    shape = .resolvedStatically
                }
                if shape == .closure, !isLazy, wrapper == nil {
                    // Traced through the closures' captures, read from runtime metadata. A
                    // cycle through a closure that clear() cannot drop could never be broken.
                    if (isLet || !TypeClassifier.isAlwaysClearable(type)) && !isUncleared {
                        diagnostics.append(
                            Diagnostic(node: binding, message: TracedDiagnostic.storedClosure(property: name.text))
                        )
                        continue
                    }
                    var value = TracedValue(access: "self.\(name.text)", isMutable: !isLet, shape: .closure)
                    value.propertyName = name.text.trimmingBackticks
                    switch holder {
                    case .structDeclaration: value.isInStruct = true
                    case .classDeclaration(_, _, let className): value.declaringClass = className
                    }
                    values.append(value)
                    continue
                }
                if isLazy {
                    if shape != .referenceFree {
                        diagnostics.append(
                            Diagnostic(node: binding, message: TracedDiagnostic.lazyProperty(property: name.text))
                        )
                    }
                    continue
                }
                if wrapper != nil {
                    // The wrapper's storage holds the references: its getter may hold them
                    // weakly or create a value when read. The wrapper type must be Traceable.
                    // (Passed by value: the wrapper is not a standard collection.)
                    if shape != .referenceFree {
                        values.append(
                            TracedValue(access: "self._\(name.text)", isMutable: true, shape: .resolvedStatically)
                        )
                    }
                    continue
                }
                values += TracedValue.values(
                    access: "self.\(name.text)",
                    name: name.text.trimmingBackticks,
                    type: type,
                    shape: shape,
                    isMutable: !isLet,
                    accessAllowsInout: allowsInout(variable, binding, holder: holder),
                    initialValue: type == nil ? binding.initializer?.value : nil,
                    check: clearabilityCheck(isLet: isLet, isUncleared: isUncleared, holder: holder),
                    classifier: classifier
                )
            }
        }
        return values
    }

    /// Whether the generated `traverse(_:)` may pass the class's stored property `inout`
    /// (`trace(&self.children, visit)`), so that the collector reads the real retain count of
    /// its storage (a value read out of a class property is a copy: see `_TracedSupport`; it
    /// does so for standard collections only, see `TracedValue.passesInout`). An `inout`
    /// access runs the property's modify accessor, so only where that accessor is the plain
    /// stored one: a `var` without `willSet`/`didSet` observers (an `inout` access runs them),
    /// not `dynamic` (its accessors can be replaced), that no subclass can override with
    /// observers (the class or the property is `final`; a `private` property can still be
    /// overridden by a subclass declared inside the class or in an extension of it in the same
    /// file), with no attribute but `@Uncleared`, `@MainActor` and the built-in ones that do not
    /// change its accessors (a property wrapper or a macro may have a lower-case name), in a
    /// class no other macro is attached to. The same rule lets `traverse(_:)` read a reference
    /// in it without a retain (`TracedValue.readsStoredProperty`).
    private static func allowsInout(
        _ variable: VariableDeclSyntax,
        _ binding: PatternBindingSyntax,
        holder: PropertyHolder
    ) -> Bool {
        guard case .classDeclaration(let classIsFinal, let allowsInout, _) = holder, allowsInout,
            variable.bindingSpecifier.tokenKind == .keyword(.var), binding.accessorBlock == nil
        else { return false }
        let modifiers = variable.modifiers.map(\.name.tokenKind)
        guard !modifiers.contains(.keyword(.dynamic)), classIsFinal || modifiers.contains(.keyword(.final)) else {
            return false
        }
        let allowedAttributes: Set<String> = ["Uncleared", "ReclaimMacros.Uncleared", "MainActor"]
        return variable.attributes.allSatisfy { element in
            guard case .attribute(let attribute) = element else { return false }
            let name = attribute.attributeName.trimmedDescription
            return allowedAttributes.contains(name) || builtInAttributes.contains(name)
        }
    }

    /// The built-in attributes that change nothing about how a stored property is read or
    /// written. Any other attribute may be a property wrapper or a macro (their names may be
    /// lower case too), whose accessors run code: the generated code then reads the property
    /// by value, with a retain, and never `inout` (see `allowsInout`).
    static let builtInAttributes: Set<String> = [
        "available", "objc", "nonobjc", "objcMembers", "exclusivity", "usableFromInline", "preconcurrency",
        "_spi", "frozen", "dynamicMemberLookup", "dynamicCallable", "warn_unqualified_access",
    ]

    /// The compile-time check a stored property gets: none when `@Uncleared` or a class's
    /// `let` (see `ClearabilityCheck`).
    private static func clearabilityCheck(
        isLet: Bool,
        isUncleared: Bool,
        holder: PropertyHolder
    ) -> ClearabilityCheck.Kind? {
        if isUncleared { return nil }
        guard isLet else { return .variable }
        switch holder {
        case .classDeclaration: return nil
        case .structDeclaration: return .structLet
        }
    }

    /// Whether `attributes` contain `@name` (or `@ReclaimMacros.name`).
    static func hasAttribute(in attributes: AttributeListSyntax, named name: String) -> Bool {
        attributes.contains { element in
            guard case .attribute(let attribute) = element else { return false }
            let written = attribute.attributeName.trimmedDescription
            return written == name || written == "ReclaimMacros.\(name)"
        }
    }

    /// Static and class properties, `weak` and `unowned` references, `@Untraced` ones, and
    /// overrides: an `override var` with observers adds no storage (the superclass's `traverse`
    /// already reports the property; reporting it again would count one reference twice).
    private static func isSkipped(_ variable: VariableDeclSyntax) -> Bool {
        let skippedModifiers: [Keyword] = [.static, .class, .weak, .unowned, .override]
        if variable.modifiers.contains(where: { modifier in
            skippedModifiers.contains { modifier.name.tokenKind == .keyword($0) }
        }) {
            return true
        }
        return hasAttribute(in: variable.attributes, named: "Untraced")
    }

    /// The first attribute that names a property wrapper: any custom attribute but `@Untraced`,
    /// `@Uncleared` and the framework attributes that are not wrappers.
    private static func propertyWrapper(of variable: VariableDeclSyntax) -> AttributeSyntax? {
        let notWrappers: Set<String> = [
            "Untraced", "ReclaimMacros.Untraced", "Uncleared", "ReclaimMacros.Uncleared", "MainActor",
            "IBOutlet", "IBInspectable", "NSManaged", "NSCopying", "GKInspectable", "ObservationIgnored",
            "ObservationTracked",
        ]
        for element in variable.attributes {
            guard case .attribute(let attribute) = element else { continue }
            let name = attribute.attributeName.trimmedDescription
            if let first = name.first, first.isUppercase, !notWrappers.contains(name) {
                return attribute
            }
        }
        return nil
    }

    /// Reports stored properties or enum cases inside `#if`, which the generated code would
    /// miss (a missed reference leaks, and a class whose properties are all inside `#if` would
    /// not even be tracked).
    static func diagnoseConditionalStorage(_ member: MemberBlockItemSyntax, diagnostics: inout [Diagnostic]) {
        guard let conditional = member.decl.as(IfConfigDeclSyntax.self) else { return }
        let hidesStorage = conditional.clauses.contains { clause in
            guard case .decls(let members) = clause.elements else { return false }
            return members.contains { item in
                if item.decl.is(EnumCaseDeclSyntax.self) || item.decl.is(IfConfigDeclSyntax.self) { return true }
                guard let variable = item.decl.as(VariableDeclSyntax.self) else { return false }
                return !variable.modifiers.contains { $0.name.tokenKind == .keyword(.static) }
            }
        }
        if hidesStorage {
            diagnostics.append(
                Diagnostic(
                    node: conditional.clauses.first?.poundKeyword ?? conditional.poundEndif,
                    message: TracedDiagnostic.conditionalMembers
                )
            )
        }
    }

    /// A property with a getter (`var x: Int { 0 }`, or `get`/`set`/`_read`/`_modify`
    /// accessors) has no storage; `willSet`/`didSet` observers alone keep it stored.
    private static func isComputed(_ binding: PatternBindingSyntax) -> Bool {
        guard let accessors = binding.accessorBlock?.accessors else { return false }
        switch accessors {
        case .getter:
            return true
        case .accessors(let list):
            let observers: Set<String> = ["willSet", "didSet"]
            return list.contains { !observers.contains($0.accessorSpecifier.text) }
        }
    }

    /// The type of the binding at `position`: its own annotation, or in `var a, b: Node?` the
    /// annotation of the next binding that has one (when this one has no initial value).
    private static func declaredType(of position: Int, in bindings: [PatternBindingSyntax]) -> TypeSyntax? {
        if let type = bindings[position].typeAnnotation?.type { return type }
        guard bindings[position].initializer == nil else { return nil }
        for later in bindings[(position + 1)...] {
            if let type = later.typeAnnotation?.type { return type }
            if later.initializer != nil { return nil }
        }
        return nil
    }
}
