/// glibc's `malloc_usable_size`, which the `Glibc` module does not declare (a pointer in, a
/// size out: the Swift and C calling conventions agree for these types).
@_silgen_name("malloc_usable_size")
private func mallocUsableSize(_ pointer: UnsafeMutableRawPointer?) -> Int

/// What the allocator says about blocks, read independently of the code under test.
///
/// glibc's size classes on 64-bit platforms: a chunk is the request plus an 8-byte size field,
/// rounded up to 16 bytes, at least 32; the usable part is the chunk minus that field. When a
/// free chunk would leave a remainder too small to split off, glibc hands out the whole chunk,
/// so a block can be up to 16 bytes larger than its size class: tests check the exact usable
/// size with `malloc_usable_size` and the size class as bounds.
enum GlibcSizes {
    /// The usable size of the smallest chunk that holds `requested` bytes.
    static func usableSize(requested: Int) -> Int {
        Swift.max(32, (requested + 8 + 15) & ~15) - 8
    }

    /// Whether `size` is what glibc can hand out for a request of `requested` bytes.
    static func isUsableSize(_ size: Int, forRequest requested: Int) -> Bool {
        (usableSize(requested: requested)...usableSize(requested: requested) + 16).contains(size)
    }

    /// `malloc_usable_size` of the block holding `object`.
    static func usableSize(of object: AnyObject) -> Int {
        mallocUsableSize(Unmanaged.passUnretained(object).toOpaque())
    }

    /// `malloc_usable_size` of the heap buffer of `array`, whose elements follow a 32-byte
    /// header.
    static func usableSize<Element>(ofBufferOf array: [Element]) -> Int {
        array.withUnsafeBufferPointer { elements in
            mallocUsableSize(UnsafeMutableRawPointer(mutating: elements.baseAddress!) - 32)
        }
    }
}
