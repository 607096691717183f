/// What one class of heap object holds, computed once per metadata pointer: the stored
/// properties of a class instance, the captures of a closure context, the value in a box, or
/// the elements of standard-library collection storage.
enum HeapObjectLayout: Sendable {
    /// References at fixed offsets from the object's start (class instances, closure contexts
    /// and boxes).
    case fixed(ReferenceLayout, kind: HeapObjectKind)
    /// `_ContiguousArrayStorage<Element>`: `count` elements from `start`, `stride` apart.
    case arrayStorage(element: ReferenceLayout, stride: Int, start: Int)
    /// `_DictionaryStorage<Key, Value>` or `_SetStorage<Element>` (whose `values` is empty):
    /// the occupied buckets of a hash table.
    case hashTableStorage(
        keys: ReferenceLayout,
        keyStride: Int,
        values: ReferenceLayout,
        valueStride: Int,
        bitmapOffset: Int,
        kind: HeapObjectKind
    )
    /// An object whose layout the walker cannot read.
    case opaque(HeapObjectKind)

    var kind: HeapObjectKind {
        switch self {
        case .fixed(_, let kind), .hashTableStorage(_, _, _, _, _, let kind), .opaque(let kind): kind
        case .arrayStorage: .arrayStorage
        }
    }
}

/// What a heap object is, as its metadata tells.
///
/// # Thread safety
/// `Sendable`.
package enum HeapObjectKind: Sendable, Hashable {
    /// An instance of a Swift class.
    case classInstance
    /// A closure's context, holding its captures, or a box the compiler laid out (an
    /// `indirect` enum payload, an existential's out-of-line value, a captured `var`): the
    /// runtime describes both the same way.
    case closureContext
    /// A box the runtime laid out for a type known only at run time.
    case box
    /// The storage of an `Array` or `ContiguousArray`.
    case arrayStorage
    /// The storage of a `Dictionary`.
    case dictionaryStorage
    /// The storage of a `Set`.
    case setStorage
    /// Anything else: an `any Error` box, a task, a class without reflection metadata.
    case other
}

extension HeapObjectLayout {
    /// The layout of objects whose metadata is at `metadata`.
    init(ofObjectsWith metadata: UnsafeRawPointer) {
        guard RuntimeShims.readsNativeMetadata, let kind = RuntimeShims.metadataKind(metadata) else {
            self = .opaque(.other)
            return
        }
        switch kind {
        case .class:
            self = Self.classLayout(metadata)
        case .heapLocalVariable:
            guard let (captures, unresolved) = RuntimeShims.captures(ofContextMetadata: metadata) else {
                self = .opaque(.closureContext)
                return
            }
            var steps: [ReferenceLayout.Step] = []
            for (index, capture) in captures.enumerated() where capture.isStrong {
                let path = "capture #\(index)"
                if capture.isBox {
                    steps.append(.reference(offset: capture.offset, label: .named(path, holding: .box)))
                } else if capture.isFunction {
                    steps.append(.function(offset: capture.offset, label: .named(path, holding: .closure)))
                } else if let type = capture.type {
                    steps += ReferenceLayout(ofValuesOf: type, path: path).shifted(by: capture.offset)
                }
            }
            for index in captures.count..<(captures.count + unresolved) {
                steps.append(.unreadable(label: .named("capture #\(index)")))
            }
            self = .fixed(ReferenceLayout(steps: steps), kind: .closureContext)
        case .heapGenericLocalVariable:
            guard let (offset, type) = RuntimeShims.genericBoxContents(ofBoxMetadata: metadata) else {
                self = .opaque(.box)
                return
            }
            let steps = ReferenceLayout(ofValuesOf: type, path: "value").shifted(by: offset)
            self = .fixed(ReferenceLayout(steps: steps), kind: .box)
        default:
            self = .opaque(.other)
        }
    }

    private static func classLayout(_ metadata: UnsafeRawPointer) -> HeapObjectLayout {
        typealias Storage = RuntimeShims.CollectionStorageLayout
        if let storage = RuntimeShims.collectionStorageClasses,
            let descriptor = RuntimeShims.typeDescriptor(of: metadata)
        {
            func argument(_ offset: Int) -> UnsafeRawPointer {
                metadata.load(fromByteOffset: offset, as: UnsafeRawPointer.self)
            }
            if descriptor == storage.arrayDescriptor {
                let element = argument(storage.arrayArgumentOffset)
                let (_, stride, alignment) = RuntimeShims.valueLayout(element)
                let start = (Storage.arrayElementsOffset + alignment - 1) & ~(alignment - 1)
                return .arrayStorage(
                    element: ReferenceLayout(ofValuesOf: element, path: ""),
                    stride: stride,
                    start: start
                )
            }
            if descriptor == storage.dictionaryDescriptor {
                let key = argument(storage.dictionaryArgumentOffset)
                let value = argument(storage.dictionaryArgumentOffset + 8)
                return .hashTableStorage(
                    keys: ReferenceLayout(ofValuesOf: key, path: "key"),
                    keyStride: RuntimeShims.valueLayout(key).stride,
                    values: ReferenceLayout(ofValuesOf: value, path: "value"),
                    valueStride: RuntimeShims.valueLayout(value).stride,
                    bitmapOffset: Storage.dictionaryBitmapOffset,
                    kind: .dictionaryStorage
                )
            }
            if descriptor == storage.setDescriptor {
                let element = argument(storage.setArgumentOffset)
                return .hashTableStorage(
                    keys: ReferenceLayout(ofValuesOf: element, path: ""),
                    keyStride: RuntimeShims.valueLayout(element).stride,
                    values: .empty,
                    valueStride: 0,
                    bitmapOffset: Storage.setBitmapOffset,
                    kind: .setStorage
                )
            }
        }
        guard RuntimeShims.classHasFieldDescriptors(metadata) else { return .opaque(.other) }
        var steps: [ReferenceLayout.Step] = []
        for field in RuntimeShims.reflectedFields(of: metadata) where field.isStrong {
            let layout = ReferenceLayout(ofValuesOf: field.type, path: RuntimeShims.declaredName(ofField: field.name))
            steps += layout.shifted(by: field.offset)
        }
        return .fixed(ReferenceLayout(steps: steps), kind: .classInstance)
    }
}
