extension GC {
    /// Registers `action` to run once when `object` dies: Python's `weakref.finalize`.
    ///
    /// The action runs when ARC frees `object`, or during the collection that finds it
    /// unreachable, unless it was run early by calling the returned ``Finalizer`` or cancelled
    /// with ``Finalizer/detach()``. The finalizer stays registered until then, so the result
    /// may be discarded.
    ///
    /// `action` must not capture `object`, nor anything that refers to it: the object would
    /// never die. Unlike ``GCObject/finalize()``, the action cannot see the object, and it
    /// runs whatever the object's class.
    ///
    /// Uses no default heap: it works for objects of any heap, from any code confined to that
    /// heap's isolation domain, including `async` code.
    ///
    /// - Parameters:
    ///   - object: The object whose death runs the action.
    ///   - action: The function to run, at most once.
    /// - Returns: The finalizer, to run it early, cancel it or ask whether it is alive.
    /// - Complexity: O(1) amortized, plus an automatic collection of `object`'s heap when one
    ///   is due.
    @discardableResult
    public static func finalizer(for object: GCObject, _ action: @escaping () -> Void) -> Finalizer {
        Finalizer(for: object, action: action)
    }
}
