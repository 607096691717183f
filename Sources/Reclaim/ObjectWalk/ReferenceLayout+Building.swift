extension ReferenceLayout {
    /// The layout of values of the type at `metadata`, each label prefixed by `path` (the
    /// property the value is stored in).
    ///
    /// - Complexity: O(*f*) in the stored properties and enum cases reached through value
    ///   types; done once per type (see `ReferenceLayouts`).
    init(ofValuesOf metadata: UnsafeRawPointer, path: String) {
        self.init(steps: Self.steps(for: metadata, path: path))
    }

    private static func steps(for metadata: UnsafeRawPointer, path: String) -> [Step] {
        guard RuntimeShims.readsNativeMetadata else { return [.unreadable(label: .named(path))] }
        guard !RuntimeShims.isTriviallyCopyable(metadata) else { return [] }
        let label = ReferenceLabel.named(path)
        guard let kind = RuntimeShims.metadataKind(metadata) else { return [.unreadable(label: label)] }
        switch kind {
        case .class:
            return [.reference(offset: 0, label: label)]
        case .struct, .tuple:
            return fieldSteps(of: metadata, path: path)
        case .enum, .optional:
            return enumSteps(of: metadata, path: path)
        case .function:
            let size = RuntimeShims.valueLayout(metadata).size
            return size == 2 * MemoryLayout<UInt>.size ? [.function(offset: 0, label: label.holding(.closure))] : []
        case .existential:
            let type = unsafeBitCast(metadata, to: Any.Type.self)
            switch RuntimeShims.existentialRepresentation(of: type) {
            case .opaque: return [.existential(offset: 0, label: label)]
            case .classBound, .error: return [.reference(offset: 0, label: label)]
            case .notExistential: return [.unreadable(label: label)]
            }
        case .metatype, .existentialMetatype:
            return []
        case .opaque:
            switch _typeName(unsafeBitCast(metadata, to: Any.Type.self)) {
            case "Builtin.NativeObject", "Builtin.UnknownObject": return [.reference(offset: 0, label: label)]
            case "Builtin.BridgeObject": return [.bridgeObject(offset: 0, label: label)]
            default: return [.unreadable(label: label)]
            }
        case .foreignClass, .foreignReferenceType, .objCClassWrapper, .extendedExistential, .fixedArray,
            .heapLocalVariable, .heapGenericLocalVariable, .errorObject, .task, .job:
            return [.unreadable(label: label)]
        }
    }

    /// The steps of a struct's or tuple's strong stored properties.
    private static func fieldSteps(of metadata: UnsafeRawPointer, path: String) -> [Step] {
        let fields = RuntimeShims.reflectedFields(of: metadata)
        // A non-trivial value without reflected fields has no field metadata to read.
        guard !fields.isEmpty else { return [.unreadable(label: .named(path))] }
        // The standard library's own properties (`_buffer`, `_guts`) are not named: a
        // reference inside an `Array` or `String` is labelled with the property holding it.
        let namesFields = !_typeName(unsafeBitCast(metadata, to: Any.Type.self)).hasPrefix("Swift.")
        var steps: [Step] = []
        for field in fields where field.isStrong {
            let name = RuntimeShims.declaredName(ofField: field.name)
            let fieldPath =
                !namesFields ? path : path.isEmpty || name.hasPrefix(".") ? path + name : "\(path).\(name)"
            let fieldLayout = ReferenceLayout(ofValuesOf: field.type, path: fieldPath)
            steps += fieldLayout.shifted(by: field.offset)
        }
        return steps
    }

    /// One step for an enum: a plain reference when the enum is an optional reference (`nil`
    /// and every other empty case are words below 4096), otherwise a case-dependent step.
    private static func enumSteps(of metadata: UnsafeRawPointer, path: String) -> [Step] {
        guard let cases = RuntimeShims.enumCases(of: metadata) else { return [.unreadable(label: .named(path))] }
        var layouts: [ReferenceLayout] = []
        for enumCase in cases {
            let casePath = RuntimeShims.metadataKind(metadata) == .optional ? path : "\(path).\(enumCase.name)"
            if enumCase.isIndirect {
                layouts.append(ReferenceLayout(steps: [.reference(offset: 0, label: .named(casePath, holding: .box))]))
            } else if let payload = enumCase.payload {
                layouts.append(ReferenceLayout(ofValuesOf: payload, path: casePath))
            } else if !enumCase.isResolved {
                layouts.append(ReferenceLayout(steps: [.unreadable(label: .named(casePath))]))
            } else {
                layouts.append(.empty)
            }
        }
        guard layouts.contains(where: { !$0.isEmpty }) else { return [] }
        let (size, _, alignment) = RuntimeShims.valueLayout(metadata)
        // An optional holding a reference, closure or existential: the payload's own step
        // tells `nil` apart (a reference or function word below 4096, an existential's type
        // word below 4096), so it applies to the value as it is.
        if RuntimeShims.metadataKind(metadata) == .optional, layouts.count == 2, layouts[1].isEmpty,
            layouts[0].steps.count == 1
        {
            switch layouts[0].steps[0] {
            case .reference(offset: 0, _), .function(offset: 0, _), .existential(offset: 0, _):
                return layouts[0].steps
            default:
                break
            }
        }
        return [
            .enumeration(
                offset: 0,
                layout: EnumReferenceLayout(metadata: metadata, size: size, alignment: alignment, cases: layouts)
            )
        ]
    }

}

extension ReferenceLabel {
    /// This label, held another way.
    func holding(_ holding: Holding) -> ReferenceLabel {
        var label = self
        label.holding = holding
        return label
    }
}
