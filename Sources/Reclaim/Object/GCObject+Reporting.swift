extension GCObject {
    /// Reports a reference this object holds to `visit`, if it is not `nil`, without the
    /// retain and release that `if let parent { visit(parent) }` costs.
    ///
    /// Call it from ``traverse(_:)`` with a stored property:
    ///
    ///     override func traverse(_ visit: (GCObject) -> Void) {
    ///         report(parent, to: visit)
    ///         report(firstChild, to: visit)
    ///         children.traceReferences(visit)
    ///     }
    ///
    /// Binding `if let parent` copies the property: Swift retains the object and releases it
    /// after `visit` returns, two atomic operations per reference, because `visit` could
    /// otherwise change `parent` and free the object while it runs. A collection calls
    /// `traverse` on every object it scans, so they add up: about a fifth of the time of a
    /// collection of a live graph, and of building and collecting trees with parent pointers
    /// (see BENCHMARKS.md). Here the property is read into an unretained reference in the
    /// argument itself, which an optimized build then neither retains nor releases, and `visit`
    /// receives the object while this object's property keeps it alive. (The parameter is a
    /// `GCObject` rather than a generic type: in a generic class, whose `traverse` runs
    /// unspecialized, a generic one would go through `Optional.map`'s unspecialized code, a
    /// retain and a release, and cost twice what `if let` does.)
    ///
    /// Pass a stored property of this object that nothing overrides: one of a `final` class,
    /// or a `final` one. The object it holds then stays alive while `visit` runs. A computed
    /// property, or an overridable one that a subclass overrides with a computed getter, may
    /// return an object nothing else holds; read unretained, it is freed before `visit` runs.
    /// Report such a value as `if let value { visit(value) }`. (`@Traced` does the same: its
    /// generated code reads unretained a plain stored `var` that no subclass can override, in a
    /// `final` class or `final` itself, without observers, not `dynamic`, with no property
    /// wrapper and no other macro on the class, and keeps the retain elsewhere.)
    ///
    /// That is sound for every `visit` the collector and Reclaim's tools pass, which never
    /// change the object graph. A `visit` of your own, passed to `traverse` directly, must not
    /// change this object's references either (the rule `traverse` itself follows).
    ///
    /// - Parameters:
    ///   - reference: A stored property that holds a strong reference, or `nil`, and that no
    ///     subclass overrides. Evaluated once, before `visit` is called.
    ///   - visit: The function `traverse(_:)` was given.
    /// - Complexity: O(1), plus what `visit` costs.
    @inlinable @inline(__always)
    public final func report(
        _ reference: @autoclosure () -> GCObject?,
        to visit: (GCObject) -> Void
    ) {
        Self.visitUnretained(reference(), visit)
    }

    /// Reports a non-optional reference this object holds to `visit`, without the retain and
    /// release that passing the property to `visit` costs; see the optional overload.
    ///
    /// - Parameters:
    ///   - reference: A stored property that holds a strong reference, and that no subclass
    ///     overrides. Evaluated once, before `visit` is called.
    ///   - visit: The function `traverse(_:)` was given.
    /// - Complexity: O(1), plus what `visit` costs.
    @inlinable @inline(__always)
    public final func report(
        _ reference: @autoclosure () -> GCObject,
        to visit: (GCObject) -> Void
    ) {
        Self.visitUnretained(reference(), visit)
    }

    /// Calls `visit` with the object `reference` reads, if any, without retaining it: the one
    /// implementation behind ``report(_:to:)`` and the code `@Traced` generates for a plain
    /// stored property (`_TracedSupport.traceStored`). The read goes straight into an
    /// unretained reference inside the autoclosure, which is what lets an optimized build drop
    /// the retain and the release; `reference` must read a stored property that keeps the
    /// object alive while `visit` runs.
    @inlinable @inline(__always)
    static func visitUnretained(_ reference: @autoclosure () -> GCObject?, _ visit: (GCObject) -> Void) {
        guard let unretained = reference().map(Unmanaged.passUnretained) else { return }
        unretained._withUnsafeGuaranteedRef { visit($0) }
    }
}
