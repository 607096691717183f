/// Reports what closures hold, read from runtime metadata: the `GCObject`s a closure captures,
/// directly or through the boxes, other closures and collections it captures.
///
/// A closure value is a function pointer and a context object. A context that is a
/// `GCObject` (a closure whose one capture is that object) is a reference of the closure's
/// holder. Any other context (several captures, a captured `var`'s box, a reabstraction
/// thunk's) is storage that copies of the closure share: in a collection it is a node of its
/// own, with its real retain count, exactly as an `Array`'s buffer (see `SharedStorage`), so a
/// copy of the closure held anywhere else keeps everything it captures alive. Plain class
/// instances it captures are not entered (their references are their own, as for any plain
/// object), and what the walker cannot read is left out: both can only leak.
enum ClosureTracing {
    /// Reports the `GCObject`s that the value of `type` at `value` holds through closures (and
    /// any other references it holds directly) to `visit`.
    static func trace(valueAt value: UnsafeRawPointer, of type: Any.Type, _ visit: (GCObject) -> Void) {
        trace(containerType: type, visit) { walker, found in
            walker.forEachReference(inValueAt: value, of: type, found)
        }
    }

    /// Reports the `GCObject`s that the stored property `property` of `object` holds through
    /// closures, read in place.
    static func trace(
        property: StaticString,
        declaredIn declaringClass: AnyClass?,
        of object: GCObject,
        _ visit: (GCObject) -> Void
    ) {
        let address = UnsafeRawPointer(Unmanaged.passUnretained(object).toOpaque())
        trace(containerType: type(of: object), visit) { walker, found in
            walker.forEachReference(of: address, inProperty: property, declaredIn: declaringClass, found)
        }
    }

    /// Reports the `GCObject`s that the stored property `property` of the struct `value`
    /// holds through closures, read in place in the copy.
    static func trace<Value>(property: StaticString, of value: Value, _ visit: (GCObject) -> Void) {
        withUnsafeBytes(of: value) { bytes in
            guard let base = bytes.baseAddress else { return }
            trace(containerType: Value.self, visit) { walker, found in
                walker.forEachReference(inValueAt: base, of: Value.self, property: property, found)
            }
        }
    }

    /// Runs `walk` with the thread's walker and a callback that reports each object it finds:
    /// a `GCObject`, or the contents of a context, box or collection storage it enters.
    private static func trace(
        containerType: Any.Type,
        _ visit: (GCObject) -> Void,
        walk: (ReferenceWalker, (UnsafeRawPointer, ReferenceLabel) -> Void) -> Int
    ) {
        let walker = ReferenceWalker.forCurrentThread
        // Outside a collection nothing records which storage was entered: contexts that
        // capture each other (a closure stored in a `var` it captures) must stop somewhere.
        var entered: Set<UnsafeRawPointer>? = RuntimeShims.currentScan == nil ? [] : nil
        withoutActuallyEscaping(visit) { visit in
            _ = walk(walker) { target, _ in
                traceObject(target, containerType: containerType, walker: walker, entered: &entered, visit)
            }
        }
    }

    private static func traceObject(
        _ object: UnsafeRawPointer,
        containerType: Any.Type,
        walker: ReferenceWalker,
        entered: inout Set<UnsafeRawPointer>?,
        _ visit: (GCObject) -> Void
    ) {
        switch walker.kind(of: object) {
        case .classInstance:
            guard walker.isGCObject(object) else { return }
            Unmanaged<GCObject>.fromOpaque(object)._withUnsafeGuaranteedRef { visit($0) }
        case .closureContext, .box, .arrayStorage, .dictionaryStorage, .setStorage:
            if entered != nil {
                guard entered?.insert(object).inserted == true else { return }
            }
            SharedStorage.trace(object, of: containerType, sharing: .box) {
                walker.forEachReference(of: object) { target, _ in
                    traceObject(target, containerType: containerType, walker: walker, entered: &entered, visit)
                }
            }
        case .other:
            return
        }
    }
}
