import Reclaim

/// The bytes the heap allocation of `object` occupies, like Python's `sys.getsizeof`.
///
/// This is the allocator's usable size of the object's block (glibc's `malloc_usable_size`),
/// which is the class's instance size rounded up to the allocator's size class: the 16-byte
/// Swift object header, every stored property of the class and its superclasses, and for a
/// ``GCObject`` Reclaim's 8-byte collector header. Like `sys.getsizeof`, it is shallow:
/// objects and buffers the object refers to are separate allocations and not included, so
/// an object holding a 1 000-element array measures the same as one holding an empty array
/// (see ``deepSize(_:)``).
///
/// An object that does not live in a malloc block (a statically initialized object that
/// the compiler placed in the binary, such as a global array literal in a release build)
/// reports its class's instance size instead.
///
/// - Complexity: O(1): one `dladdr` lookup (about 0.1 µs) and one `malloc_usable_size` call.
public func sizeof(_ object: AnyObject) -> Int {
    let address = UnsafeRawPointer(Unmanaged.passUnretained(object).toOpaque())
    return RuntimeShims.heapBlockSize(ofObjectAt: address) ?? RuntimeShims.instanceSize(of: type(of: object))
}

/// The bytes `objects` occupy together with everything they keep alive that Reclaim can
/// measure, each allocation counted once, like Pympler's `asizeof`.
///
/// Counted:
/// - every object passed, and every object reachable from them through
///   ``GCObject/traverse(_:)``, by ``sizeof(_:)``;
/// - the storage of the arrays, contiguous arrays, dictionaries, sets and native strings
///   that these objects' stored properties hold, found by reflection (inside optionals,
///   tuples, structs, enum payloads and other collections), each buffer by its allocator
///   size.
///
/// Not counted: objects that are not ``GCObject``s reached only through stored properties
/// (reflection cannot tell a `weak` property from a strong one), small strings and string
/// literals (stored inline or in the binary), the shared empty-collection singletons, and the
/// buffers behind `ArraySlice`, `Substring`-like views other than `Substring`, and other
/// types whose storage the standard library does not expose.
///
/// # Thread safety
/// Calls `traverse(_:)`: use it where the objects' heap is used, like any collector
/// operation.
///
/// - Complexity: O(*n* + *s*) in the objects reached and the total size of the values their
///   stored properties hold; reflection costs a few microseconds per object.
public func deepSize(_ objects: AnyObject...) -> Int {
    DeepSizeReport(measuring: objects).totalBytes
}
