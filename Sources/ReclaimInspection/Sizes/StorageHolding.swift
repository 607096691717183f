import Reclaim

/// A standard-library value whose contents live in a separate heap buffer that
/// ``deepSize(_:)`` measures.
protocol StorageHolding {
    /// Counts this value's buffer and, the first time it is seen, its elements' buffers.
    func measureStorage(into measurer: inout DeepSizeMeasurer)
}

extension StorageHolding {
    /// The collection's type name, which labels its buffer in a ``DeepSizeReport``.
    var storageTypeName: String { _typeName(Self.self, qualified: false) }
}

extension Sequence where Self: StorageHolding {
    /// Counts the collection's buffer, which is its whole value, and the first time it is seen
    /// its elements' buffers.
    fileprivate func measureBufferAndElements(into measurer: inout DeepSizeMeasurer) {
        guard let address = RuntimeShims.storageObjectAddress(of: self),
            measurer.addStorage(at: address, typeName: storageTypeName),
            !measurer.isTrivial(Element.self)
        else { return }
        for element in self { measurer.measureValue(element) }
    }
}

extension Array: StorageHolding {
    func measureStorage(into measurer: inout DeepSizeMeasurer) { measureBufferAndElements(into: &measurer) }
}

extension ContiguousArray: StorageHolding {
    func measureStorage(into measurer: inout DeepSizeMeasurer) { measureBufferAndElements(into: &measurer) }
}

extension Set: StorageHolding {
    func measureStorage(into measurer: inout DeepSizeMeasurer) { measureBufferAndElements(into: &measurer) }
}

extension Dictionary: StorageHolding {
    func measureStorage(into measurer: inout DeepSizeMeasurer) {
        guard let address = RuntimeShims.storageObjectAddress(of: self),
            measurer.addStorage(at: address, typeName: storageTypeName)
        else { return }
        let keysAreTrivial = measurer.isTrivial(Key.self)
        let valuesAreTrivial = measurer.isTrivial(Value.self)
        if keysAreTrivial && valuesAreTrivial { return }
        for (key, value) in self {
            if !keysAreTrivial { measurer.measureValue(key) }
            if !valuesAreTrivial { measurer.measureValue(value) }
        }
    }
}

extension String: StorageHolding {
    func measureStorage(into measurer: inout DeepSizeMeasurer) {
        guard let address = RuntimeShims.nativeStorageAddress(of: self) else { return }
        _ = measurer.addStorage(at: address, typeName: "String")
    }
}

extension Substring: StorageHolding {
    func measureStorage(into measurer: inout DeepSizeMeasurer) {
        base.measureStorage(into: &measurer)
    }
}
