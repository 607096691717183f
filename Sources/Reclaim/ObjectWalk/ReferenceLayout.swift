/// Where the strong references in a value of one type are: a flat list of steps, each at a
/// byte offset from the start of the value, computed once per type from runtime metadata
/// (see `ReferenceLayout+Building.swift`) and then applied to raw memory.
///
/// A struct or tuple contributes the steps of its strong stored properties; a class reference,
/// `AnyObject`, a box or a closure context is one reference; a value whose references depend
/// on what it holds (an enum's case, an `Any`'s dynamic type) is one step resolved when the
/// value is read. `weak`, `unowned` and `unowned(unsafe)` storage contributes nothing, and
/// neither does a type the runtime calls trivially copyable (`Int`, `Unmanaged`, pointers).
struct ReferenceLayout: Sendable {
    /// One place a reference may be.
    enum Step: Sendable {
        /// A native strong reference; a word below 4096 (an optional's `nil` or another enum
        /// case's extra inhabitant) is no reference.
        case reference(offset: Int, label: ReferenceLabel)
        /// A `Builtin.BridgeObject` (the storage of a `String`, `Dictionary` or `Set`): a
        /// reference when its top four bits, which flag small, immortal and foreign values,
        /// are clear.
        case bridgeObject(offset: Int, label: ReferenceLabel)
        /// A closure value: a function pointer and a context, which is a reference when set
        /// (nothing captured leaves it 0). A function pointer below 4096 is an optional's
        /// `nil`.
        case function(offset: Int, label: ReferenceLabel)
        /// An `Any` or `any P`: three words of buffer, then the dynamic type (0 for an
        /// optional's `nil`). A value that fits in the buffer is walked there by its type's
        /// layout; a larger one lives in a box, whose address is the first word.
        case existential(offset: Int, label: ReferenceLabel)
        /// An enum (or optional) whose case decides which references it holds.
        case enumeration(offset: Int, layout: EnumReferenceLayout)
        /// Something the walker cannot read (a foreign class reference, a generic capture
        /// whose type did not resolve, a type without reflection metadata): counted as
        /// opaque, never guessed.
        case unreadable(label: ReferenceLabel)
    }

    let steps: [Step]

    /// The bytes from the value's start that the steps read.
    let extent: Int

    init(steps: [Step]) {
        self.steps = steps
        extent = steps.reduce(0) { extent, step in
            switch step {
            case .reference(let offset, _), .bridgeObject(let offset, _): Swift.max(extent, offset + 8)
            case .function(let offset, _): Swift.max(extent, offset + 16)
            case .existential(let offset, _): Swift.max(extent, offset + 32)
            case .enumeration(let offset, let layout): Swift.max(extent, offset + layout.size)
            case .unreadable: extent
            }
        }
    }

    static let empty = ReferenceLayout(steps: [])

    var isEmpty: Bool { steps.isEmpty }

    /// How many of the steps cannot be read.
    var unreadableCount: Int {
        steps.reduce(0) { count, step in
            if case .unreadable = step { return count + 1 }
            return count
        }
    }

    /// This layout with every offset moved by `distance` (a property's offset in its holder).
    func shifted(by distance: Int) -> [Step] {
        guard distance != 0 else { return steps }
        return steps.map { step in
            switch step {
            case .reference(let offset, let label): .reference(offset: offset + distance, label: label)
            case .bridgeObject(let offset, let label): .bridgeObject(offset: offset + distance, label: label)
            case .function(let offset, let label): .function(offset: offset + distance, label: label)
            case .existential(let offset, let label): .existential(offset: offset + distance, label: label)
            case .enumeration(let offset, let layout): .enumeration(offset: offset + distance, layout: layout)
            case .unreadable: step
            }
        }
    }
}

/// The references of an enum type, by case: read the case with `getEnumTag` from a bitwise
/// copy, strip the tag from the copy (`destructiveProjectEnumData`), and apply that case's
/// payload layout to it. The copy is never destroyed, so nothing is retained or released.
final class EnumReferenceLayout: Sendable {
    /// The enum's type metadata.
    nonisolated(unsafe) let metadata: UnsafeRawPointer
    let size: Int
    let alignment: Int
    /// The payload layout of each case, in tag order; empty for cases without references.
    let cases: [ReferenceLayout]

    init(metadata: UnsafeRawPointer, size: Int, alignment: Int, cases: [ReferenceLayout]) {
        self.metadata = metadata
        self.size = size
        self.alignment = alignment
        self.cases = cases
    }
}
