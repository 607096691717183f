/// A class of two stored integers: instances request 16 bytes of header plus 16 of fields.
final class TracedProbe {
    var first = 0
    var second = 0
}

/// The instance size the Swift runtime asks malloc for: the positive extent recorded in the
/// class metadata (`_swift_getSwiftClassInstanceExtents`, checked on Swift 6.3.1).
@_silgen_name("_swift_getSwiftClassInstanceExtents")
func classInstanceExtents(_ type: AnyClass) -> (negative: UInt, positive: UInt)
