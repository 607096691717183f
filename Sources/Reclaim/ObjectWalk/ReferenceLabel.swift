/// The name of a reference one object holds: the property, capture or element it is stored
/// in, as a path from the object (`delegate`, `config.owner`, `state.loading`, `[3]`,
/// `capture #0`).
///
/// Labels are interned: a walk reports a small number per reference, and its text is looked
/// up only when a report shows it.
///
/// # Thread safety
/// `Sendable`; the label table is locked.
package struct ReferenceLabel: Hashable, Sendable {
    /// The interned name, an index into the label table.
    package var name: UInt32
    /// The element's position in collection storage (iteration order), or -1.
    package var index: Int32
    /// How the reference is held.
    package var holding: Holding

    /// How a reference is held, for naming what it points to.
    package enum Holding: UInt8, Sendable {
        /// A stored property, capture or element holding a class instance or box.
        case value
        /// The context of a closure (a function value).
        case closure
        /// A box: an `indirect` enum payload, an existential's out-of-line value or a
        /// captured `var`.
        case box
    }

    init(name: UInt32, index: Int32 = -1, holding: Holding = .value) {
        self.name = name
        self.index = index
        self.holding = holding
    }

    /// The name without the element index: the property path inside the element.
    package var baseName: String {
        Self.table.withLock { $0.names[Int(name)] }
    }

    /// The label's text: the name, after `[index]` in collection storage (`[2].owner`).
    package var text: String {
        let base = baseName
        guard index >= 0 else { return base }
        return base.isEmpty ? "[\(index)]" : "[\(index)].\(base)"
    }

    /// This label with the name (and element index) of `outer`: a reference found inside an
    /// existential's inline value is named after the property holding the existential.
    func renamed(as outer: ReferenceLabel) -> ReferenceLabel {
        ReferenceLabel(name: outer.name, index: outer.index >= 0 ? outer.index : index, holding: holding)
    }

    /// The label called `text` (interned once).
    package static func named(_ text: String, holding: Holding = .value) -> ReferenceLabel {
        let name = table.withLock { table -> UInt32 in
            if let existing = table.indices[text] { return existing }
            let id = UInt32(table.names.count)
            table.names.append(text)
            table.indices[text] = id
            return id
        }
        return ReferenceLabel(name: name, holding: holding)
    }

    /// Every label text, by interned number.
    private static let table = LockedValue<(names: [String], indices: [String: UInt32])>(([], [:]))
}
