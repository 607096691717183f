#if canImport(Glibc)
    import Glibc
#endif

/// Finishes, before a timer starts, the allocator work that a workload's setup left pending,
/// so the timed operation pays only for its own.
///
/// glibc's `free` of a block of up to 128 bytes, once the thread's cache for its size holds 7,
/// only puts it on a "fast" list. Merging those blocks with their free neighbours happens later,
/// all at once (`malloc_consolidate`), at the next request of 1 KiB or more or at a `free` that
/// leaves a block of 64 KiB or more; each such request then sorts at most 10 000 free blocks
/// into their size bins (`MAX_ITERS` in `_int_malloc`). After a setup that frees many objects,
/// whoever makes the next large request pays for that: in `collect-garbage-graph`, dropping the
/// array makes ARC free the 202 909 nodes that no cycle reaches, and the collection's first
/// scratch buffer paid 14–19 ms of merging for them (the phase timings in BENCHMARKS.md), plus
/// the sorting its later buffers did. A program that collects right after dropping a large
/// structure pays this inside its pause, as would any allocation of 1 KiB or more, with or
/// without Reclaim. CPython's small-object allocator defers nothing: its `del nodes` has done
/// all its work when its timer starts.
///
/// Call it between the setup and the timed region of a one-shot measurement whose setup is not
/// the timed operation itself. A collection's own merge stays its cost: it runs at the end of
/// that collection when it frees a buffer of 64 KiB or more, otherwise in the next one, so
/// never settle between repeated timed operations, nor after an untimed run of the timed job
/// (the `tracemalloc` rows' first `allocateObjects`), which stands for the previous repetition.
enum SetupFrees {
    /// How many large requests `settle()` makes: each sorts at most 10 000 blocks, so this
    /// settles up to about 10 M freed blocks (the garbage graph needs 21). Once settled, a
    /// request costs well under a microsecond.
    static let largeRequests = 1024

    /// Merges and sorts the blocks freed so far, with large requests the allocator then
    /// serves from its bins; returns how long that took (reported beside the measurement).
    /// It sorts every freed block, where the collection's few buffers sorted only some of
    /// them, so it takes longer than the time it removes from the measurement.
    @discardableResult
    static func settle() -> Duration {
        ContinuousClock().measure { requestLargeBlocks() }
    }

    /// Kept unoptimized: the optimizer would delete an allocation that is freed unused, and
    /// the requests are the point.
    @_optimize(none)
    private static func requestLargeBlocks() {
        #if canImport(Glibc)
            for _ in 0..<largeRequests {
                guard let block = malloc(64 << 10) else { return }
                free(block)
            }
        #endif
    }

    /// The bytes on glibc's fast lists (freed, not merged yet) in all arenas, from the last
    /// `<total type="fast" … size="…"/>` of `malloc_info` (the total after each arena's);
    /// `nil` where that cannot be read. `settle()` merges the calling thread's arena only, so
    /// after it this reads 0 when no other thread has freed blocks waiting.
    ///
    /// Reading allocates no block of 1 KiB or more (an unbuffered temporary file, read one
    /// byte at a time), so it does not merge the lists it reads.
    static func fastListBytes() -> Int? {
        #if canImport(Glibc)
            typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
            let defaultSearchOrder: UnsafeMutableRawPointer? = nil  // RTLD_DEFAULT
            guard let symbol = dlsym(defaultSearchOrder, "malloc_info"),
                let file = tmpfile()
            else { return nil }
            defer { fclose(file) }
            setvbuf(file, nil, _IONBF, 0)
            guard unsafeBitCast(symbol, to: MallocInfo.self)(0, file) == 0 else { return nil }
            rewind(file)
            var bytes: Int?
            // The last `<total type="fast"` line is the one for all arenas.
            while skip(past: "<total type=\"fast\" count=\"", in: file), readNumber(from: file) != nil,
                skip(past: "size=\"", in: file)
            {
                bytes = readNumber(from: file)
            }
            return bytes
        #else
            return nil
        #endif
    }

    #if canImport(Glibc)
        /// Reads `file` up to and including the next occurrence of `text` (ASCII, with no
        /// repeated prefix); false at the end of the file.
        private static func skip(past text: StaticString, in file: UnsafeMutablePointer<FILE>) -> Bool {
            let pattern = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
            var matched = 0
            while matched < pattern.count {
                let character = getc(file)
                guard character != EOF else { return false }
                if UInt8(character) == pattern[matched] {
                    matched += 1
                } else {
                    matched = UInt8(character) == pattern[0] ? 1 : 0
                }
            }
            return true
        }

        /// Reads a decimal number and the character after it.
        private static func readNumber(from file: UnsafeMutablePointer<FILE>) -> Int? {
            var value: Int?
            while true {
                let character = getc(file)
                guard character >= 48, character <= 57 else { return value }
                value = (value ?? 0) * 10 + Int(character - 48)
            }
        }
    #endif
}
