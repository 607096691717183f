extension _TracedSupport {
    /// A value that is one reference to storage that copies share, held in the value's only
    /// word: `Array`, `ContiguousArray`, `Set` and `Dictionary` of `Traceable` elements, and an
    /// optional of one of them. Selects the `inout` overload of `trace` that reads the
    /// storage's retain count in place. Not for direct use: conforming another type is not
    /// supported (the layout is assumed).
    public protocol StorageReference: Traceable {}
}

extension Array: _TracedSupport.StorageReference where Element: Traceable {}
extension ContiguousArray: _TracedSupport.StorageReference where Element: Traceable {}
extension Set: _TracedSupport.StorageReference where Element: Traceable {}
extension Dictionary: _TracedSupport.StorageReference where Key: Traceable, Value: Traceable {}
extension Optional: _TracedSupport.StorageReference where Wrapped: _TracedSupport.StorageReference {}
