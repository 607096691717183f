import Reclaim

/// An object holding an array of integers: the tour's stand-in for Python's `[1] * 1000`,
/// whose elements live in a buffer apart from the object.
final class IntList: GCObject {
    let values: [Int]

    init(repeating value: Int, count: Int) {
        values = Array(repeating: value, count: count)
        super.init()
    }
}
