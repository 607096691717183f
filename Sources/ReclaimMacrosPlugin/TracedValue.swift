import SwiftSyntax

/// One value the generated code reports: a stored property, an element of a stored tuple, or
/// an enum case's payload.
struct TracedValue {
    /// The expression that reads it, such as `self.children` or `self.pair.0`.
    var access: String
    /// Whether `clear()` can assign to it (a `var`, not a `let`).
    var isMutable: Bool
    /// Any shape but `.referenceFree` and `.closure`.
    var shape: TypeShape

    /// The statement that reports the value's references to `visit`. An existential is passed
    /// wrapped in an `Optional`, which keeps the container as it is stored (passing it to a
    /// generic parameter would open it, losing the box that copies share).
    var traceStatement: String {
        switch shape {
        case .resolvedDynamically: "Reclaim._TracedSupport.traceDynamic(\(access), visit)"
        case .existential: "Reclaim._TracedSupport.traceExistential(Optional(\(access)), visit)"
        case .classExistential: "Reclaim._TracedSupport.traceObject(\(access), visit)"
        default: "Reclaim._TracedSupport.trace(\(access), visit)"
        }
    }

    /// The statement that drops the value's references.
    var clearStatement: String {
        shape == .resolvedStatically
            ? "Reclaim._TracedSupport.clear(&\(access))"
            : "Reclaim._TracedSupport.clearDynamic(&\(access))"
    }

    /// The values to trace for a value of `type` read by `access`: itself, or, for a tuple
    /// type, each of its elements (tuples cannot conform to `Traceable`). Plain data yields
    /// nothing.
    static func values(
        access: String,
        type: TypeSyntax?,
        shape: TypeShape,
        isMutable: Bool,
        classifier: TypeClassifier
    ) -> [TracedValue] {
        guard shape != .referenceFree else { return [] }
        if let tuple = type?.as(TupleTypeSyntax.self), tuple.elements.count > 1 {
            return tuple.elements.enumerated().flatMap { index, element in
                let label = element.firstName.flatMap { $0.tokenKind == .wildcard ? nil : $0.text }
                return values(
                    access: "\(access).\(label ?? String(index))",
                    type: element.type,
                    shape: classifier.shape(of: element.type),
                    isMutable: isMutable,
                    classifier: classifier
                )
            }
        }
        return [TracedValue(access: access, isMutable: isMutable, shape: shape)]
    }
}
