import SwiftSyntax

/// What a property's declared type (or initial value) says about the references it can hold,
/// as far as syntax can tell.
enum TypeShape: Comparable {
    /// Plain data the macro recognizes (`Int`, `String`, `[Double]`, ...): nothing to trace.
    case referenceFree
    /// A concrete type: the generated call is resolved by overloads (a compile error, with the
    /// fix in its message, when the type is not `Traceable`).
    case resolvedStatically
    /// A type that names an unconstrained generic parameter: decided per value at run time.
    case resolvedDynamically
    /// An existential (`Any`, `any P`, `P & Q`): decided per value at run time, reporting only
    /// payloads that cannot be shared between copies (see `_TracedSupport.traceExistential`).
    case existential
    /// `AnyObject`: only a `GCObject` inside is reported.
    case classExistential
    /// A function type (or a value holding one): traced through the closures' captures, read
    /// from runtime metadata.
    case closure

    /// The shape of a type built from parts of these shapes.
    static func combining(_ shapes: [TypeShape]) -> TypeShape {
        shapes.max() ?? .referenceFree
    }
}

/// Classifies property types and initial values into ``TypeShape``s for one declaration, whose
/// generic parameters it knows.
struct TypeClassifier {
    /// Generic parameters without a `Traceable`, `ReferenceFree` or `GCObject` constraint.
    let dynamicParameters: Set<String>

    /// Standard library value types that never hold a reference, whose names programs do not
    /// reuse for types of their own. Other plain types (`Date`, `Character`, a user's
    /// `Point`) get a call that resolves to their `ReferenceFree` conformance: a name alone
    /// cannot tell `Foundation.Data` from a game's `Data` class.
    static let referenceFreeNames: Set<String> = [
        "Int", "Int8", "Int16", "Int32", "Int64", "Int128",
        "UInt", "UInt8", "UInt16", "UInt32", "UInt64", "UInt128",
        "Double", "Float", "Float16", "Float80", "CGFloat",
        "Bool", "String", "StaticString", "Unicode.Scalar", "TimeInterval", "ObjectIdentifier", "Void",
    ]

    /// Generic types whose shape is the shape of their arguments.
    static let transparentContainers: Set<String> = [
        "Optional", "Array", "ContiguousArray", "Set", "Dictionary", "Range", "ClosedRange",
    ]

    /// Module names that may qualify a standard type (`Swift.Int`).
    static let standardModules: Set<String> = ["Swift", "Foundation", "CoreGraphics"]

    init(genericParameters: GenericParameterClauseSyntax?, whereClause: GenericWhereClauseSyntax?) {
        let traceableConstraints = ["Traceable", "ReferenceFree", "GCObject"]
        func isTraceableConstraint(_ type: TypeSyntax) -> Bool {
            let text = type.trimmedDescription
            return traceableConstraints.contains { text.contains($0) }
        }
        var constrained: Set<String> = []
        var all: Set<String> = []
        for parameter in genericParameters?.parameters ?? [] {
            let name = parameter.name.text
            all.insert(name)
            if let inherited = parameter.inheritedType, isTraceableConstraint(inherited) {
                constrained.insert(name)
            }
        }
        for requirement in whereClause?.requirements ?? [] {
            if case .conformanceRequirement(let conformance) = requirement.requirement,
                isTraceableConstraint(conformance.rightType)
            {
                constrained.insert(conformance.leftType.trimmedDescription)
            }
        }
        dynamicParameters = all.subtracting(constrained)
    }

    func shape(of type: TypeSyntax) -> TypeShape {
        if let attributed = type.as(AttributedTypeSyntax.self) {
            return shape(of: attributed.baseType)
        }
        if type.is(FunctionTypeSyntax.self) {
            return .closure
        }
        if let optional = type.as(OptionalTypeSyntax.self) {
            return shape(of: optional.wrappedType)
        }
        if let optional = type.as(ImplicitlyUnwrappedOptionalTypeSyntax.self) {
            return shape(of: optional.wrappedType)
        }
        if let array = type.as(ArrayTypeSyntax.self) {
            return shape(of: array.element)
        }
        if let dictionary = type.as(DictionaryTypeSyntax.self) {
            return .combining([shape(of: dictionary.key), shape(of: dictionary.value)])
        }
        if let tuple = type.as(TupleTypeSyntax.self) {
            return .combining(tuple.elements.map { shape(of: $0.type) })
        }
        if type.is(SomeOrAnyTypeSyntax.self) || type.is(CompositionTypeSyntax.self) {
            return .existential
        }
        if type.is(MetatypeTypeSyntax.self) {
            return .referenceFree
        }
        if let member = type.as(MemberTypeSyntax.self) {
            let base = member.baseType.trimmedDescription
            if Self.standardModules.contains(base) {
                return shape(named: member.name.text, arguments: member.genericArgumentClause)
            }
            if Self.referenceFreeNames.contains("\(base).\(member.name.text)") {
                return .referenceFree
            }
            return member.genericArgumentClause.map { dynamicIfAnyIsDynamic($0) } ?? .resolvedStatically
        }
        if let identifier = type.as(IdentifierTypeSyntax.self) {
            return shape(named: identifier.name.text, arguments: identifier.genericArgumentClause)
        }
        return .resolvedStatically
    }

    private func shape(named name: String, arguments: GenericArgumentClauseSyntax?) -> TypeShape {
        if name == "AnyObject" {
            return .classExistential
        }
        if name == "Any" {
            return .existential
        }
        if dynamicParameters.contains(name) {
            return .resolvedDynamically
        }
        guard let arguments else {
            return Self.referenceFreeNames.contains(name) ? .referenceFree : .resolvedStatically
        }
        if Self.transparentContainers.contains(name) {
            return .combining(argumentTypes(arguments).map { shape(of: $0) })
        }
        return dynamicIfAnyIsDynamic(arguments)
    }

    /// A user generic type: resolved statically unless an argument is decided at run time (its
    /// conformance may depend on that argument).
    private func dynamicIfAnyIsDynamic(_ arguments: GenericArgumentClauseSyntax) -> TypeShape {
        let shapes = argumentTypes(arguments).map { shape(of: $0) }
        if shapes.contains(.closure) { return .closure }
        return shapes.contains { $0 > .resolvedStatically } ? .resolvedDynamically : .resolvedStatically
    }

    private func argumentTypes(_ arguments: GenericArgumentClauseSyntax) -> [TypeSyntax] {
        arguments.arguments.compactMap { argument in
            if case .type(let type) = argument.argument { return type }
            return nil
        }
    }

    /// Whether `clear()` always drops what a value of `type` holds, whatever it wraps: an
    /// optional (set to `nil`) or a standard collection (emptied). `nil` (a type left to
    /// inference) is not known to be.
    static func isAlwaysClearable(_ type: TypeSyntax?) -> Bool {
        guard let type else { return false }
        if let attributed = type.as(AttributedTypeSyntax.self) {
            return isAlwaysClearable(attributed.baseType)
        }
        if type.is(OptionalTypeSyntax.self) || type.is(ImplicitlyUnwrappedOptionalTypeSyntax.self)
            || type.is(ArrayTypeSyntax.self) || type.is(DictionaryTypeSyntax.self)
        {
            return true
        }
        let clearedContainers: Set<String> = ["Optional", "Array", "ContiguousArray", "Set", "Dictionary"]
        if let identifier = type.as(IdentifierTypeSyntax.self) {
            return identifier.genericArgumentClause != nil && clearedContainers.contains(identifier.name.text)
        }
        if let member = type.as(MemberTypeSyntax.self), member.baseType.trimmedDescription == "Swift" {
            return member.genericArgumentClause != nil && clearedContainers.contains(member.name.text)
        }
        return false
    }

    /// The standard collections whose value is one reference to storage that copies share.
    static let storageCollections: Set<String> = ["Array", "ContiguousArray", "Set", "Dictionary"]

    /// Whether a value of `type` is, as far as syntax tells, a standard collection (`[T]`,
    /// `[K: V]`, `Array`, `ContiguousArray`, `Set`, `Dictionary`) or an optional of one: a
    /// reference to storage whose retain count the collector reads (see
    /// `TracedValue.passesInout`). A guess that is wrong costs speed only.
    static func isCollectionStorage(_ type: TypeSyntax) -> Bool {
        if let attributed = type.as(AttributedTypeSyntax.self) {
            return isCollectionStorage(attributed.baseType)
        }
        if let optional = type.as(OptionalTypeSyntax.self) {
            return isCollectionStorage(optional.wrappedType)
        }
        if let optional = type.as(ImplicitlyUnwrappedOptionalTypeSyntax.self) {
            return isCollectionStorage(optional.wrappedType)
        }
        if type.is(ArrayTypeSyntax.self) || type.is(DictionaryTypeSyntax.self) {
            return true
        }
        let name: String
        let arguments: GenericArgumentClauseSyntax?
        if let identifier = type.as(IdentifierTypeSyntax.self) {
            (name, arguments) = (identifier.name.text, identifier.genericArgumentClause)
        } else if let member = type.as(MemberTypeSyntax.self), member.baseType.trimmedDescription == "Swift" {
            (name, arguments) = (member.name.text, member.genericArgumentClause)
        } else {
            return false
        }
        guard let arguments else { return false }
        if name == "Optional", let wrapped = arguments.arguments.first, case .type(let type) = wrapped.argument {
            return isCollectionStorage(type)
        }
        return storageCollections.contains(name)
    }

    /// Whether a property declared without a type holds a standard collection, from its
    /// initial value: a non-empty array or dictionary literal, or a call such as `[Node]()`,
    /// `[String: Node]()` or `Set<Node>()`.
    static func isCollectionStorage(initialValue value: ExprSyntax) -> Bool {
        if value.is(ArrayExprSyntax.self) || value.is(DictionaryExprSyntax.self) {
            return true
        }
        guard let call = value.as(FunctionCallExprSyntax.self) else { return false }
        let callee = call.calledExpression
        if callee.is(ArrayExprSyntax.self) || callee.is(DictionaryExprSyntax.self) {
            return true
        }
        if let specialized = callee.as(GenericSpecializationExprSyntax.self),
            let name = specialized.expression.as(DeclReferenceExprSyntax.self)?.baseName.text
        {
            return storageCollections.contains(name)
        }
        return false
    }

    /// The shape of a property declared without a type, from its initial value.
    func shape(ofInitialValue value: ExprSyntax) -> TypeShape {
        if value.is(IntegerLiteralExprSyntax.self) || value.is(FloatLiteralExprSyntax.self)
            || value.is(BooleanLiteralExprSyntax.self) || value.is(StringLiteralExprSyntax.self)
        {
            return .referenceFree
        }
        if let prefix = value.as(PrefixOperatorExprSyntax.self) {
            return shape(ofInitialValue: prefix.expression)
        }
        if value.is(ClosureExprSyntax.self) {
            return .closure
        }
        if let array = value.as(ArrayExprSyntax.self), !array.elements.isEmpty {
            return .combining(array.elements.map { shape(ofInitialValue: $0.expression) })
        }
        return .resolvedStatically
    }
}
