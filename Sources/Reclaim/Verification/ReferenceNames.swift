/// The names of the stored properties through which one object holds others, found by
/// reflection, for tools that explain a reference (the inspection module's reference chains,
/// leak reports and graph exports).
package enum ReferenceNames {
    /// For each object that `object`'s stored properties hold strongly, the property paths
    /// that hold it (`next`, `children[]`, `pair.first`, `byName[].value`), one per reference.
    ///
    /// - Returns: `nil` when reflection cannot tell the references apart reliably (a class
    ///   with a custom mirror or without field metadata).
    /// - Complexity: O(*s*) in the size of the values the stored properties hold.
    package static func strongReferencePaths(of object: GCObject) -> [ObjectIdentifier: [String]]? {
        var scanner = StoredReferenceScanner()
        return scanner.scan(object, thoroughly: false)?.strong
    }
}
