#if canImport(Glibc)
    import Glibc
#endif

/// Finishes, before a timer starts, the allocator work that a workload's setup left pending,
/// so the timed operation pays only for its own.
///
/// glibc's `free` of a small block only puts it on a "fast" list; the merging of free
/// neighbours happens later, all at once, at the next request for a large block
/// (`malloc_consolidate`), and each large request then sorts at most 10 000 of the merged
/// blocks into their size bins (`MAX_ITERS` in `_int_malloc`). After a setup that frees many
/// objects, whoever asks for a large block next pays for all of it: in `collect-garbage-graph`,
/// dropping the array frees the ~200 000 nodes that nothing else references, and the
/// collection's first large buffer paid about 30 ms for merging and sorting them. CPython's
/// small-object allocator defers nothing, so its `del nodes` is done when its timer starts.
///
/// Call it between the setup and the timed region of a one-shot measurement. Never call it
/// between repeated timed operations (successive collections): the merge of the blocks one
/// collection frees is then that collection's own cost, paid by the next one's first large
/// buffer.
enum SetupFrees {
    /// How many large requests `settle()` makes: each sorts at most 10 000 merged blocks, so
    /// this settles up to about 10 M freed blocks. Once settled, a request costs well under
    /// a microsecond.
    static let largeRequests = 1024

    /// Merges and sorts the blocks freed so far, with large requests the allocator then
    /// serves from its bins; returns how long that took (reported beside the measurement).
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
}
