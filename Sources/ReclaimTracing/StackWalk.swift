/// How `AllocationTracer` captures the call stack of each allocation.
public enum StackWalk: Sendable, Hashable {
    /// Follows the chain of saved frame pointers (about 6 ns for 20 frames on x86_64).
    ///
    /// Every frame pointer is checked to be aligned, above the previous one and inside the
    /// thread's stack, and the walk stops at the first that is not. Functions compiled without
    /// a frame pointer (many in Swift `-O` code on Linux; debug builds keep them) do not appear,
    /// and their caller may appear in their place. The walk also ends at the first frame of a
    /// Swift `async` function (its saved frame pointer is tagged and points at the task's
    /// context, not the stack), so an allocation in async code shows the frames down to that
    /// function only. On architectures other than x86_64 the tracer uses `unwindTables`
    /// instead.
    case framePointers
    /// Unwinds with `_Unwind_Backtrace` and the images' unwind tables (about 0.7 µs for 20
    /// frames): exact even where frame pointers are omitted.
    case unwindTables
}
