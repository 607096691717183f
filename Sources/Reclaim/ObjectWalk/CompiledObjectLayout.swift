/// A `HeapObjectLayout` as the walker applies it, made once per metadata pointer and kept for
/// the life of the process (as metadata is): a class whose stored references are all plain
/// words at fixed offsets (most classes) is walked from two flat buffers, without touching
/// the general step list or any reference count.
final class CompiledObjectLayout: @unchecked Sendable {
    let layout: HeapObjectLayout
    let kind: HeapObjectKind
    /// Whether every place a reference may be is a plain word at a fixed offset.
    let isPlain: Bool
    /// With `isPlain`, the offsets of the references and their labels; empty otherwise.
    let plainOffsets: UnsafeMutableBufferPointer<Int>
    let plainLabels: UnsafeMutableBufferPointer<ReferenceLabel>
    /// The bytes from the object's start that a fixed layout reads (0 for other layouts).
    let extent: Int
    /// Whether the objects are instances of a `GCObject` subclass.
    let isGCObject: Bool

    deinit {
        // Only a layout that lost a race to be cached is ever freed.
        plainOffsets.deallocate()
        plainLabels.deallocate()
    }

    init(_ layout: HeapObjectLayout, metadata: UnsafeRawPointer) {
        self.layout = layout
        kind = layout.kind
        isGCObject = kind == .classInstance && unsafeBitCast(metadata, to: AnyClass.self) is GCObject.Type
        var offsets: [Int] = []
        var labels: [ReferenceLabel] = []
        var isPlain = false
        var extent = 0
        if case .fixed(let fixed, _) = layout {
            extent = fixed.extent
            isPlain = true
            for step in fixed.steps {
                guard case .reference(let offset, let label) = step else {
                    isPlain = false
                    break
                }
                offsets.append(offset)
                labels.append(label)
            }
        }
        self.isPlain = isPlain
        self.extent = extent
        plainOffsets = .allocate(capacity: isPlain ? offsets.count : 0)
        plainLabels = .allocate(capacity: isPlain ? labels.count : 0)
        if isPlain {
            _ = plainOffsets.initialize(from: offsets)
            _ = plainLabels.initialize(from: labels)
        }
    }
}

/// The walker's own table from metadata address to compiled layout: open addressing with
/// linear probing on a multiplicative hash, unretained entries (the process-wide cache keeps
/// them), so a lookup is a few loads and no lock.
///
/// A class whose state lives behind one pointer: the walker looks a layout up for every
/// object it walks, and a lookup through a `var` of the walker would be a formal access that
/// Swift checks for exclusivity at run time (two runtime calls per object).
final class CompiledLayoutTable {
    private struct State {
        var keys: UnsafeMutableBufferPointer<UInt>
        var values: UnsafeMutableBufferPointer<Unmanaged<CompiledObjectLayout>?>
        var count = 0
        /// The last lookup's answer: graphs are mostly made of objects of a few types.
        var lastKey: UInt = 0
        var lastValue: Unmanaged<CompiledObjectLayout>?
    }

    private let state: UnsafeMutablePointer<State>

    init() {
        let keys = UnsafeMutableBufferPointer<UInt>.allocate(capacity: 64)
        keys.initialize(repeating: 0)
        let values = UnsafeMutableBufferPointer<Unmanaged<CompiledObjectLayout>?>.allocate(capacity: 64)
        values.initialize(repeating: nil)
        state = .allocate(capacity: 1)
        state.initialize(to: State(keys: keys, values: values))
    }

    deinit {
        state.pointee.keys.deallocate()
        state.pointee.values.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    @inline(__always)
    private static func slot(_ key: UInt, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 17) & mask
    }

    /// The layout for `metadata`, computed (or taken from the process-wide cache) on first use.
    @inline(__always)
    func layout(for metadata: UnsafeRawPointer) -> Unmanaged<CompiledObjectLayout> {
        let key = UInt(bitPattern: metadata)
        if key == state.pointee.lastKey, let lastValue = state.pointee.lastValue { return lastValue }
        return lookUp(key)
    }

    private func lookUp(_ key: UInt) -> Unmanaged<CompiledObjectLayout> {
        let keys = state.pointee.keys
        let mask = keys.count - 1
        var slot = Self.slot(key, mask: mask)
        while keys[slot] != 0 {
            if keys[slot] == key, let value = state.pointee.values[slot] {
                remember(key, value)
                return value
            }
            slot = (slot + 1) & mask
        }
        let metadata = UnsafeRawPointer(bitPattern: key)!
        let value = Unmanaged.passUnretained(ReferenceLayouts.compiledLayout(metadata))
        insert(key, value)
        remember(key, value)
        return value
    }

    private func remember(_ key: UInt, _ value: Unmanaged<CompiledObjectLayout>) {
        state.pointee.lastKey = key
        state.pointee.lastValue = value
    }

    private func insert(_ key: UInt, _ value: Unmanaged<CompiledObjectLayout>) {
        if (state.pointee.count + 1) * 2 > state.pointee.keys.count { grow() }
        let keys = state.pointee.keys
        let mask = keys.count - 1
        var slot = Self.slot(key, mask: mask)
        while keys[slot] != 0 { slot = (slot + 1) & mask }
        keys[slot] = key
        state.pointee.values[slot] = value
        state.pointee.count += 1
    }

    private func grow() {
        let oldKeys = state.pointee.keys
        let oldValues = state.pointee.values
        state.pointee.keys = .allocate(capacity: oldKeys.count * 2)
        state.pointee.keys.initialize(repeating: 0)
        state.pointee.values = .allocate(capacity: oldKeys.count * 2)
        state.pointee.values.initialize(repeating: nil)
        state.pointee.count = 0
        for index in oldKeys.indices where oldKeys[index] != 0 {
            if let value = oldValues[index] { insert(oldKeys[index], value) }
        }
        oldKeys.deallocate()
        oldValues.deallocate()
    }
}
