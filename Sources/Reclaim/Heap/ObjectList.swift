/// A growable buffer of tracked-object addresses that owns no references.
///
/// A heap keeps one list per generation. Entries are raw addresses, so storing an object here
/// never changes its retain count; removal writes a hole (`nil`) instead of moving another
/// object, so untracking one object never touches another object's memory. Holes are squeezed
/// out by ``compact(generation:)`` and by collections.
///
/// The list is a value type over manually managed memory: the owning ``Heap`` calls
/// ``deallocate()`` exactly once.
struct ObjectList {
    private(set) var base: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    /// Number of slots in use, holes included.
    private(set) var count: Int = 0
    private(set) var capacity: Int = 0
    /// Number of slots in `0..<count` that hold `nil`.
    var holes: Int = 0

    /// Number of objects in the list.
    var liveCount: Int { count - holes }

    @inline(__always)
    subscript(index: Int) -> UnsafeMutableRawPointer? {
        get { base.unsafelyUnwrapped[index] }
        nonmutating set { base.unsafelyUnwrapped[index] = newValue }
    }

    /// Appends `object` and returns its index.
    @inline(__always)
    mutating func append(_ object: UnsafeMutableRawPointer) -> Int {
        if count == capacity { grow(minimumCapacity: count + 1) }
        let index = count
        base.unsafelyUnwrapped[index] = object
        count = index + 1
        return index
    }

    /// Replaces the entry at `index` with a hole.
    @inline(__always)
    mutating func remove(at index: Int) {
        base.unsafelyUnwrapped[index] = nil
        holes += 1
    }

    /// Removes the last slot and returns its object, or nil when the slot was a hole.
    ///
    /// - Precondition: The list is not empty.
    @inline(__always)
    mutating func removeLast() -> UnsafeMutableRawPointer? {
        precondition(count > 0, "ObjectList.removeLast() on an empty list")
        count -= 1
        let object = base.unsafelyUnwrapped[count]
        if object == nil { holes -= 1 }
        return object
    }

    /// Forgets every entry without releasing memory.
    mutating func removeAll() {
        count = 0
        holes = 0
    }

    /// Keeps only the first `newCount` slots (all of which must be live).
    mutating func truncate(to newCount: Int) {
        precondition(newCount <= count)
        count = newCount
        holes = 0
    }

    /// Makes room for at least `minimumCapacity` slots.
    mutating func reserveCapacity(_ minimumCapacity: Int) {
        if minimumCapacity > capacity { grow(minimumCapacity: minimumCapacity) }
    }

    /// Gives memory back when the list uses less than a quarter of its capacity, keeping room
    /// for at least `floor` slots (young lists keep room for the objects allocated between
    /// two collections, so they are not regrown after every collection).
    mutating func shrinkIfSparse(floor: Int = 1024) {
        let wanted = Swift.max(count + count / 8, floor, 1024)
        guard capacity > wanted * 4 else { return }
        resize(to: wanted)
    }

    /// Trims the spare capacity to 1/16 when more than about a fifth is spare; called after
    /// full collections so that a large, stable generation 2 costs 8.5–9.6 bytes per object
    /// here.
    mutating func trimSpareCapacity() {
        let wanted = Swift.max(count + count / 16, 1024)
        if capacity > wanted + wanted / 8 { resize(to: wanted) }
    }

    private mutating func grow(minimumCapacity: Int) {
        // Grow by 1.5x: a list is the largest per-object cost the collector has, so slack matters.
        let grown = capacity < 1024 ? Swift.max(64, capacity * 2) : capacity + capacity / 2
        resize(to: Swift.max(grown, minimumCapacity))
    }

    private mutating func resize(to newCapacity: Int) {
        precondition(newCapacity >= count)
        let newBase = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: newCapacity)
        if let base {
            newBase.moveInitialize(from: base, count: count)
            base.deallocate()
        }
        base = newBase
        capacity = newCapacity
    }

    /// Frees the buffer. The list must not be used afterwards.
    mutating func deallocate() {
        base?.deallocate()
        base = nil
        count = 0
        capacity = 0
        holes = 0
    }
}
