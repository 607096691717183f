/// A value the generated `clear()` cannot drop if its type holds references: a non-optional
/// `var`, a `let` of a struct, or an enum payload that `clearReferences()` rebuilds. A cycle
/// made only of such references is uncollectable (the collector calls `clear()`, the
/// references stay, and the objects end up in `heap.garbage`), so the generated code warns
/// about them.
///
/// A class's `let`s are not checked. A `let` is set before its object can be referred to (all
/// of them before `super.init()`), so it can only refer to objects that existed before its
/// holder: a cycle made only of `let`s is impossible, and every cycle through a `let` also
/// runs through a `var` or an enum payload, which carries its own check. A struct's `let` is
/// different: the struct can be stored later in a `var` of an older object, and clearing that
/// `var` clears the struct, whose `let` stays; so a struct's `let`s keep their check.
///
/// The macro cannot tell `var anchor: Node` from `var point: Point`, so the warning comes
/// from overload resolution: inside a function that is never called, two local overloads,
/// one deprecated with a message naming the value, receive what
/// `Reclaim._TracedSupport.referencesKept(inVar:)` or `referencesKept(inLet:)` returns for the
/// value's real type (`KeepsReferences` or `KeepsNothing`). Nothing of it runs.
struct ClearabilityCheck {
    enum Kind {
        /// A `var` property (or tuple element) whose type is not syntactically an optional or
        /// a collection: a non-optional `GCObject` reference cannot be dropped.
        case variable
        /// A `let` property of a struct: its `clearReferences()` cannot assign it.
        case structLet
        /// A payload of a case that `clearReferences()` rebuilds (the enum has no payload-less
        /// case to switch to).
        case payload(caseName: String)
    }

    var kind: Kind
    /// The property (`owner`, `pair.0`) or, for a payload, how to name it in a sentence (`the
    /// payload`, `payload 'first'`, `payload 2`; see `TracedEnumCase.payloadName(_:)`). Made
    /// of identifiers, so it needs no escaping inside the message's string literal.
    var name: String

    /// The warning's text: what cannot be dropped, why it matters, and what to do.
    var message: String {
        let consequence =
            "so a cycle made only of such references is never collected (its objects end up in heap.garbage)"
        let uncleared = "@Uncleared if each cycle through it also runs through a reference clear() drops"
        switch kind {
        case .variable:
            return """
                clear() cannot drop '\(name)' (a non-optional reference), \(consequence): make it optional, \
                mark it \(uncleared), or @Untraced if it is never part of a cycle
                """
        case .structLet:
            return """
                clear() cannot drop '\(name)' (a let), \(consequence): make it an optional var, mark it \
                \(uncleared), or @Untraced if it is never part of a cycle
                """
        case .payload(let caseName):
            return """
                clear() cannot drop \(name) of case '\(caseName)' (a non-optional reference, in an enum \
                without a payload-less case to switch to), \(consequence): give the enum a payload-less case, \
                make the payload optional, or mark the case \(uncleared)
                """
        }
    }

    /// The statements that warn, at compile time only, when the value read by `access` can
    /// hold references.
    func statements(access: String) -> [String] {
        let classifier =
            switch kind {
            case .variable, .payload: "inVar"
            case .structLet: "inLet"
            }
        return [
            "do {",
            "    @available(*, deprecated, message: \"\(message)\")",
            "    func unclearableReference(_: Reclaim._TracedSupport.KeepsReferences) {}",
            "    func unclearableReference(_: Reclaim._TracedSupport.KeepsNothing) {}",
            "    unclearableReference(Reclaim._TracedSupport.referencesKept(\(classifier): \(access)))",
            "}",
        ]
    }

    /// The never-called local function that holds `body` (the checks), or nothing when there
    /// is no check.
    static func warningFunction(_ body: [String]) -> [String] {
        guard !body.isEmpty else { return [] }
        return ["// Compile-time warnings only: never called.", "func warnAboutUnclearableReferences() {"]
            + body.map { "    " + $0 } + ["}"]
    }
}
