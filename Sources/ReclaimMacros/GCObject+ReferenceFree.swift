/// A `GCObject` is a reference, never plain data: this conformance is unavailable, so a
/// `GCObject` never satisfies a `ReferenceFree` requirement (overload resolution never picks
/// one that needs it, and a generic function that requires it does not compile).
///
/// It exists for `@Traced`, whose extension role adds `ReferenceFree` to structs and enums
/// that hold nothing to trace. Swift 6.3's compiler crashes on a subclass of a class whose
/// attached extension macro names a protocol the class does not conform to, so every class
/// `@Traced` applies to must conform to `ReferenceFree` already, if only unavailably. (A
/// dynamic cast does not check availability: `object is any ReferenceFree` is true. Nothing in
/// Reclaim casts to `ReferenceFree`; use ``Traceable/mayContainReferences`` to ask at run
/// time.)
@available(*, unavailable, message: "a GCObject is a reference, not plain data")
extension GCObject: ReferenceFree {}
