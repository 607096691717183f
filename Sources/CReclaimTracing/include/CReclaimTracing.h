#ifndef CRECLAIM_TRACING_H
#define CRECLAIM_TRACING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// The most frames a traceback keeps (`AllocationTracer.start(frames:)` accepts 1...256).
#define RECLAIM_TRACING_MAX_FRAMES 256

/// Why tracing cannot start.
typedef enum {
    RECLAIM_TRACING_OK = 0,
    /// The interposer is compiled out: a sanitizer replaces malloc in this build.
    RECLAIM_TRACING_UNAVAILABLE_SANITIZER = 1,
    /// The tracer's tables could not be allocated.
    RECLAIM_TRACING_OUT_OF_MEMORY = 2,
} reclaim_tracing_status;

/// Whether this build contains the malloc interposer (false in AddressSanitizer and
/// ThreadSanitizer builds, which replace malloc themselves).
bool reclaim_tracing_is_available(void);

/// Starts (or re-configures) the user's tracing session: `frames` in 1...256, `unwind_tables`
/// chooses `_Unwind_Backtrace` over the frame-pointer walk.
reclaim_tracing_status reclaim_tracing_start_user(int frames, bool unwind_tables);

/// Ends the user's session; tracing stops, and every trace is discarded, when no retained
/// session remains.
void reclaim_tracing_stop_user(void);

/// Opens a nested session (for another Reclaim module) that keeps tracing on until released,
/// and stores the serial its first traced allocation will get in `first_serial` (which also
/// names the session). `reclaim_tracing_clear` keeps the traces of running sessions.
reclaim_tracing_status reclaim_tracing_retain_session(int frames, uint64_t *_Nonnull first_serial);

/// Closes the session opened by `reclaim_tracing_retain_session` with this `first_serial`.
void reclaim_tracing_release_session(uint64_t first_serial);

/// How many allocations succeeded untraced because the tracer could not store their trace
/// (it ran out of memory) since tracing started or all traces were last cleared (a clear while
/// a retained session runs keeps the count).
size_t reclaim_tracing_dropped_count(void);

/// Makes the calling thread's next `count` traces fail as if the tracer had run out of memory,
/// so tests can exercise that path.
void reclaim_tracing_simulate_failures(size_t count);

/// Whether allocations are being traced (by the user's session or a retained one).
bool reclaim_tracing_is_tracing(void);

/// The most frames stored per traceback right now (0 when not tracing).
int reclaim_tracing_traceback_limit(void);

/// Discards every trace and sets the traced memory and its peak to what is left, keeping tracing
/// on; traces allocated since the oldest running retained session began are kept.
void reclaim_tracing_clear(void);

/// The traced bytes now and their maximum since tracing started or the peak was reset.
void reclaim_tracing_traced_memory(size_t *_Nonnull current, size_t *_Nonnull peak);

/// Sets the peak to the current traced bytes.
void reclaim_tracing_reset_peak(void);

/// Bytes the tracer itself holds (trace table, traceback table and storage, image ranges).
size_t reclaim_tracing_tracer_memory(void);

/// The serial number the next traced allocation will get (serials never repeat in a process).
uint64_t reclaim_tracing_next_serial(void);

/// Stops tracing the calling thread's allocations until the matching resume (nestable). Frees
/// of traced blocks are still recorded. Used while the tracer's Swift code runs.
void reclaim_tracing_suspend(void);

/// Ends one `reclaim_tracing_suspend`.
void reclaim_tracing_resume(void);

/// One live block in a copy of the traces.
typedef struct {
    uintptr_t address;
    size_t size;
    uint64_t serial;
    /// Index into `reclaim_trace_copy.tracebacks`.
    uint32_t traceback;
    /// What allocated the block: see `reclaim_tracing_current_origin`.
    uintptr_t origin;
} reclaim_trace;

/// What is allocating on the calling thread: the running Swift task's address, or in code
/// outside tasks the thread (`pthread_self()`, with the low bit set so it never equals a task).
/// Each traced block records it. 0 in sanitizer builds.
uintptr_t reclaim_tracing_current_origin(void);

/// Holds every `free` (of any thread) while tracing, and the old block of every `realloc`
/// (which then copies to a new block), until the matching `reclaim_tracing_release_frees`:
/// a walk reading objects listed from the traces cannot have one freed, and its memory
/// reused or unmapped, under it. Nestable.
void reclaim_tracing_hold_frees(void);

/// Ends one `reclaim_tracing_hold_frees`; the last one frees the blocks held.
void reclaim_tracing_release_frees(void);

/// One traceback in a copy: `frame_count` return addresses at `first_frame` in
/// `reclaim_trace_copy.frames`, most recent first. Up to `limit + 1` frames are recorded (the
/// extra one stands in for a leading allocating initializer, which the Swift side drops).
typedef struct {
    size_t first_frame;
    uint32_t frame_count;
    uint32_t total_frame_count;
    uint32_t limit;
} reclaim_traceback_record;

/// A consistent copy of every trace, taken under the tracer's lock.
typedef struct {
    reclaim_trace *_Nullable traces;
    size_t trace_count;
    reclaim_traceback_record *_Nullable tracebacks;
    size_t traceback_count;
    uintptr_t *_Nullable frames;
    size_t frame_count;
    int traceback_limit;
} reclaim_trace_copy;

/// Copies every trace into `copy` (free it with `reclaim_tracing_free_copy`). Returns false,
/// leaving `copy` empty, when not tracing or out of memory (`*out_of_memory` says which).
bool reclaim_tracing_copy(reclaim_trace_copy *_Nonnull copy, bool *_Nonnull out_of_memory);

/// Frees the arrays of a copy made by `reclaim_tracing_copy`.
void reclaim_tracing_free_copy(reclaim_trace_copy *_Nonnull copy);

/// The traced block that starts at, or else contains, `address`.
typedef struct {
    uintptr_t address;
    size_t size;
    uint64_t serial;
    uint32_t frame_count;
    uint32_t total_frame_count;
    uint32_t limit;
    uintptr_t frames[RECLAIM_TRACING_MAX_FRAMES + 1];
} reclaim_block_info;

/// Finds the live traced block that starts at `address` (O(1)) or, when `containing`, the one
/// that contains it (a scan of the whole table when no block starts there). False when not
/// tracing or not traced.
bool reclaim_tracing_lookup(uintptr_t address, bool containing, reclaim_block_info *_Nonnull info);

/// glibc's malloc without the interposer (`__libc_malloc`; plain `malloc` in sanitizer builds),
/// for measuring what the interposer costs.
void *_Nullable reclaim_tracing_unhooked_malloc(size_t size);

/// glibc's free without the interposer (`__libc_free`; plain `free` in sanitizer builds).
void reclaim_tracing_unhooked_free(void *_Nullable pointer);

/// Demangles a Swift symbol name into a malloc'd string, or returns NULL when `name` is not a
/// Swift mangled name (`swift_demangle`, exported by libswiftCore with C linkage; checked on
/// Swift 6.3.1).
extern char *_Nullable swift_demangle(
    const char *_Nonnull name, size_t length, char *_Nullable buffer, size_t *_Nullable buffer_size, uint32_t flags);

/// The image path and nearest exported symbol of `address`, from `dladdr` (either may be NULL).
void reclaim_tracing_describe_address(
    uintptr_t address, const char *_Nullable *_Nonnull image, const char *_Nullable *_Nonnull symbol);

#endif
