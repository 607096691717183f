import Reclaim

/// Walks objects through `traverse(_:)` and their stored values through reflection, adding
/// each object and each collection or string buffer to a ``DeepSizeReport`` once.
struct DeepSizeMeasurer {
    private(set) var report = DeepSizeReport()
    private var seen: Set<UnsafeRawPointer> = []
    private var pending: [AnyObject] = []
    /// Values whose buffers are still to be counted: an explicit stack, so deeply nested
    /// values (long indirect enum chains) cannot overflow the call stack.
    private var pendingValues: [Any] = []
    /// Every value whose buffer was counted, kept alive until the measurement ends: a value a
    /// custom mirror made up could otherwise free its buffer, and a later one reuse the address.
    private var measuredValues: [Any] = []
    private var typeNames = TypeNameCache(style: .short)
    private var trivialTypes: [ObjectIdentifier: Bool] = [:]

    /// Adds `root` and everything reachable from it that was not counted before.
    mutating func measure(_ root: AnyObject) {
        enqueue(root)
        while let object = pending.popLast() {
            report.add(typeName: typeNames.name(of: object), bytes: sizeof(object), isStorage: false)
            measureStoredProperties(of: object)
            measurePendingValues()
            if let tracked = object as? GCObject {
                tracked.traverse { referent in enqueue(referent) }
            }
        }
    }

    private mutating func enqueue(_ object: AnyObject) {
        if seen.insert(UnsafeRawPointer(Unmanaged.passUnretained(object).toOpaque())).inserted {
            pending.append(object)
        }
    }

    private mutating func measureStoredProperties(of object: AnyObject) {
        var level: Mirror? = Mirror(reflecting: object)
        while let mirror = level, mirror.subjectType != GCObject.self {
            for child in mirror.children { measureValue(child.value) }
            level = mirror.superclassMirror
        }
    }

    /// Schedules the buffers inside one stored value to be counted; class instances are not
    /// entered.
    mutating func measureValue(_ value: Any) {
        let valueType = type(of: value)
        if valueType is AnyClass || isTrivial(valueType) { return }
        pendingValues.append(value)
    }

    private mutating func measurePendingValues() {
        while let value = pendingValues.popLast() {
            if let holder = value as? any StorageHolding {
                measuredValues.append(value)
                holder.measureStorage(into: &self)
                continue
            }
            for child in Mirror(reflecting: value).children { measureValue(child.value) }
        }
    }

    /// Counts the buffer at `address` unless it was counted before; returns whether it was
    /// new, so its elements are measured once too.
    mutating func addStorage(at address: UnsafeRawPointer, typeName: String) -> Bool {
        guard seen.insert(address).inserted else { return false }
        if let bytes = RuntimeShims.heapBlockSize(ofObjectAt: address) {
            report.add(typeName: typeName, bytes: bytes, isStorage: true)
        }
        return true
    }

    /// Whether values of `type` are plain bytes, with no references and so no buffers.
    mutating func isTrivial(_ type: Any.Type) -> Bool {
        let key = ObjectIdentifier(type)
        if let known = trivialTypes[key] { return known }
        func isPOD<T>(_: T.Type) -> Bool { _isPOD(T.self) }
        let trivial = _openExistential(type, do: isPOD)
        trivialTypes[key] = trivial
        return trivial
    }
}
