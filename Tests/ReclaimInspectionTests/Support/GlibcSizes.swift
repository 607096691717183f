/// glibc's malloc size classes on 64-bit platforms, as an independent model of what
/// `malloc_usable_size` returns: a chunk is the request plus an 8-byte size field, rounded up
/// to 16 bytes, at least 32; the usable part is the chunk minus that field.
enum GlibcSizes {
    static func usableSize(requested: Int) -> Int {
        Swift.max(32, (requested + 8 + 15) & ~15) - 8
    }
}
