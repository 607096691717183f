extension GCObject: Traceable {
    /// Reports this object itself: as a value stored somewhere, a `GCObject` reference is one
    /// strong reference. (The references this object holds are reported by
    /// ``traverse(_:)``.)
    public func traceReferences(_ visit: (GCObject) -> Void) {
        visit(self)
    }

    /// Does nothing: a reference cannot drop itself; the optional or collection that stores it
    /// does.
    public func clearReferences() {}

    /// True: a `GCObject` reference is itself a reference to report.
    public static var mayContainReferences: Bool { true }
}

extension Optional: Traceable where Wrapped: Traceable {
    /// Reports the references of every element (or of the wrapped value).
    public func traceReferences(_ visit: (GCObject) -> Void) {
        if let value = self { value.traceReferences(visit) }
    }

    /// Sets the optional to `nil` when its wrapped type can hold references.
    public mutating func clearReferences() {
        if Wrapped.mayContainReferences { self = nil }
    }

    /// Whether the element (or wrapped) type can hold references.
    public static var mayContainReferences: Bool { Wrapped.mayContainReferences }
}

/// The conformance of any collection that is created from an array literal and conforms to
/// `Traceable`: its elements' references, reported as its holder's. `Array`, `ContiguousArray`
/// and `Set` have their own, which also count storage that copies share (see
/// ``Array/traceReferences(_:)``). For any other collection that keeps its elements in a class
/// instance copies share (`Deque`, `OrderedSet`, a copy-on-write type of your own), this is
/// exact only while no copy of it exists: a copy in a local keeps the elements alive without
/// the collector seeing it. Write `traceReferences` with ``Traceable/traceStorage(_:_:)`` where
/// you can reach the storage, or keep such collections unshared.
extension Traceable where Self: Collection & ExpressibleByArrayLiteral, Element: Traceable {
    /// Reports the references of every element.
    public func traceReferences(_ visit: (GCObject) -> Void) {
        guard Element.mayContainReferences else { return }
        for element in self { element.traceReferences(visit) }
    }

    /// Empties the collection when its elements can hold references.
    public mutating func clearReferences() {
        if Element.mayContainReferences { self = [] }
    }

    /// Whether the element type can hold references.
    public static var mayContainReferences: Bool { Element.mayContainReferences }
}

extension Array: Traceable where Element: Traceable {
    /// Reports the references of every element.
    ///
    /// Copies of an array share one buffer until one of them changes. During a collection, the
    /// buffer is counted as an object of its own, with its real retain count: its elements are
    /// counted once however many tracked objects report it, a copy held anywhere else (a
    /// local, an untracked object) keeps them alive, and an array built inside `traverse`
    /// (which nothing holds once it returns) is not counted.
    /// Report arrays in a hand-written `traverse(_:)` with this method (`children.traceReferences(visit)`)
    /// rather than a loop over the elements, which cannot tell.
    ///
    /// - Complexity: O(*n*) in the elements' references.
    public func traceReferences(_ visit: (GCObject) -> Void) {
        guard Element.mayContainReferences, !isEmpty else { return }
        SharedStorage.trace(storageOf: self, sharing: .buffer) {
            for element in self { element.traceReferences(visit) }
        }
    }
}

extension ContiguousArray: Traceable where Element: Traceable {
    /// Reports the references of every element, counting a shared buffer once; see
    /// ``Array/traceReferences(_:)``.
    ///
    /// - Complexity: O(*n*) in the elements' references.
    public func traceReferences(_ visit: (GCObject) -> Void) {
        guard Element.mayContainReferences, !isEmpty else { return }
        SharedStorage.trace(storageOf: self, sharing: .buffer) {
            for element in self { element.traceReferences(visit) }
        }
    }
}

extension Set: Traceable where Element: Traceable {
    /// Reports the references of every element, counting shared storage once; see
    /// ``Array/traceReferences(_:)``.
    ///
    /// - Complexity: O(*n*) in the elements' references.
    public func traceReferences(_ visit: (GCObject) -> Void) {
        guard Element.mayContainReferences, !isEmpty else { return }
        SharedStorage.trace(storageOf: self, sharing: .buffer) {
            for element in self { element.traceReferences(visit) }
        }
    }
}

extension Dictionary: Traceable where Key: Traceable, Value: Traceable {
    /// Reports the references of every key and every value, counting shared storage once; see
    /// ``Array/traceReferences(_:)``.
    ///
    /// - Complexity: O(*n*) in the keys' and values' references.
    public func traceReferences(_ visit: (GCObject) -> Void) {
        guard Self.mayContainReferences, !isEmpty else { return }
        SharedStorage.trace(storageOf: self, sharing: .buffer) {
            switch (Key.mayContainReferences, Value.mayContainReferences) {
            case (false, false):
                return
            case (false, true):
                for value in values { value.traceReferences(visit) }
            case (true, false):
                for key in keys { key.traceReferences(visit) }
            case (true, true):
                for (key, value) in self {
                    key.traceReferences(visit)
                    value.traceReferences(visit)
                }
            }
        }
    }

    /// Empties the dictionary when its keys or values can hold references.
    public mutating func clearReferences() {
        if Self.mayContainReferences { self = [:] }
    }

    /// Whether the keys or values can hold references.
    public static var mayContainReferences: Bool { Key.mayContainReferences || Value.mayContainReferences }
}

// Containers of plain data are plain data: `[Date]`, `Point?` and `[String: [Int]]` are
// `ReferenceFree` too (their `Traceable` conformances above already report nothing for them).
extension Optional: ReferenceFree where Wrapped: ReferenceFree {}
extension Array: ReferenceFree where Element: ReferenceFree {}
extension ContiguousArray: ReferenceFree where Element: ReferenceFree {}
extension Set: ReferenceFree where Element: ReferenceFree {}
extension Dictionary: ReferenceFree where Key: ReferenceFree, Value: ReferenceFree {}

extension Int: ReferenceFree {}
extension Int8: ReferenceFree {}
extension Int16: ReferenceFree {}
extension Int32: ReferenceFree {}
extension Int64: ReferenceFree {}
extension UInt: ReferenceFree {}
extension UInt8: ReferenceFree {}
extension UInt16: ReferenceFree {}
extension UInt32: ReferenceFree {}
extension UInt64: ReferenceFree {}
extension Int128: ReferenceFree {}
extension UInt128: ReferenceFree {}
extension Double: ReferenceFree {}
extension Float: ReferenceFree {}
extension Bool: ReferenceFree {}
extension String: ReferenceFree {}
extension Substring: ReferenceFree {}
extension Character: ReferenceFree {}
extension Unicode.Scalar: ReferenceFree {}
extension StaticString: ReferenceFree {}
extension ObjectIdentifier: ReferenceFree {}
extension Duration: ReferenceFree {}
extension Range: Traceable where Bound: ReferenceFree {}
extension Range: ReferenceFree where Bound: ReferenceFree {}
extension ClosedRange: Traceable where Bound: ReferenceFree {}
extension ClosedRange: ReferenceFree where Bound: ReferenceFree {}
