// Reclaim's tracemalloc: an in-process malloc interposer.
//
// An executable that links this file defines malloc, free, calloc, realloc, reallocarray,
// posix_memalign, aligned_alloc, memalign, valloc and pvalloc. The dynamic linker binds every
// image's calls (libswiftCore's swift_slowAlloc, Foundation, libc's own strdup...) to the
// executable's definitions, which forward to glibc's exported __libc_* entry points. No
// LD_PRELOAD, no header in front of blocks, and every free is seen. (ordo-one's
// malloc-interposer needs LD_PRELOAD on Linux, prefixes each block with a 16-byte header and
// reports no per-block frees, so it cannot keep tracemalloc's per-block traces.)
//
// When not tracing, each entry point costs one relaxed atomic load on top of the forward.
//
// AddressSanitizer and ThreadSanitizer interpose malloc themselves; in such builds the
// interposer is compiled out and tracing reports itself unavailable.

#define _GNU_SOURCE
#include "CReclaimTracing.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define RECLAIM_TRACING_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define RECLAIM_TRACING_SANITIZED 1
#endif
#if !defined(__linux__) || !defined(__GLIBC__)
#define RECLAIM_TRACING_SANITIZED 1
#define RECLAIM_TRACING_UNSUPPORTED_PLATFORM 1
#endif

#include <dlfcn.h>

void reclaim_tracing_describe_address(uintptr_t address, const char **image, const char **symbol) {
    Dl_info info;
    if (dladdr((const void *)address, &info) == 0) {
        *image = NULL;
        *symbol = NULL;
        return;
    }
    *image = info.dli_fname;
    *symbol = info.dli_sname;
}

#if defined(RECLAIM_TRACING_SANITIZED)

#include <stdlib.h>

bool reclaim_tracing_is_available(void) { return false; }
void *reclaim_tracing_unhooked_malloc(size_t size) { return malloc(size); }
uintptr_t reclaim_tracing_current_origin(void) { return 0; }
void reclaim_tracing_hold_frees(void) {}
void reclaim_tracing_release_frees(void) {}
void reclaim_tracing_unhooked_free(void *pointer) { free(pointer); }
reclaim_tracing_status reclaim_tracing_start_user(int frames, bool unwind_tables) {
    (void)frames;
    (void)unwind_tables;
    return RECLAIM_TRACING_UNAVAILABLE_SANITIZER;
}
void reclaim_tracing_stop_user(void) {}
reclaim_tracing_status reclaim_tracing_retain_session(int frames, uint64_t *first_serial) {
    (void)frames;
    *first_serial = 0;
    return RECLAIM_TRACING_UNAVAILABLE_SANITIZER;
}
void reclaim_tracing_release_session(uint64_t first_serial) { (void)first_serial; }
size_t reclaim_tracing_dropped_count(void) { return 0; }
void reclaim_tracing_simulate_failures(size_t count) { (void)count; }
bool reclaim_tracing_is_tracing(void) { return false; }
int reclaim_tracing_traceback_limit(void) { return 0; }
void reclaim_tracing_clear(void) {}
void reclaim_tracing_traced_memory(size_t *current, size_t *peak) {
    *current = 0;
    *peak = 0;
}
void reclaim_tracing_reset_peak(void) {}
size_t reclaim_tracing_tracer_memory(void) { return 0; }
uint64_t reclaim_tracing_next_serial(void) { return 1; }
void reclaim_tracing_suspend(void) {}
void reclaim_tracing_resume(void) {}
bool reclaim_tracing_copy(reclaim_trace_copy *copy, bool *out_of_memory) {
    *copy = (reclaim_trace_copy){0};
    *out_of_memory = false;
    return false;
}
void reclaim_tracing_free_copy(reclaim_trace_copy *copy) { (void)copy; }
bool reclaim_tracing_lookup(uintptr_t address, bool containing, reclaim_block_info *info) {
    (void)address;
    (void)containing;
    (void)info;
    return false;
}

#else

#include <errno.h>
#include <malloc.h>
#include <link.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unwind.h>

extern void *__libc_malloc(size_t size);
extern void __libc_free(void *pointer);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void *__libc_valloc(size_t size);
extern void *__libc_pvalloc(size_t size);

// Every function that runs between the caller's call to malloc and the stack walk lives in
// this section, so the walk can skip those frames by address.
#define TRACER_TEXT __attribute__((section("reclaim_tracing_text"), noinline))
extern const char __start_reclaim_tracing_text[];
extern const char __stop_reclaim_tracing_text[];

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

// MARK: - State

/// Set while the tracer's tables exist. Read relaxed on every allocation and free.
static atomic_int tracing = 0;
/// The frame limit and stack walk for new traces (read without the lock by the walk).
static atomic_int max_frames = 1;
static atomic_int use_unwind_tables = 0;

/// Bits of `thread_state`: the thread runs the tracer's C internals (nothing is traced or
/// untraced, so a nested malloc never takes the lock twice), or the tracer's Swift code
/// (allocations are not traced, frees still are).
enum { STATE_INTERNAL = 1, STATE_SUSPENDED_UNIT = 2 };
static _Thread_local unsigned thread_state = 0;
static _Thread_local uintptr_t stack_low = 0;
static _Thread_local uintptr_t stack_high = 0;

typedef struct traceback {
    struct traceback *next;
    uint64_t hash;
    uint32_t frame_count;
    uint32_t total_frame_count;
    uint32_t limit;
    uint32_t copy_index;
    uintptr_t frames[];
} traceback;

typedef struct {
    uintptr_t address;  // 0: empty slot
    size_t size;
    traceback *traceback;
    uint64_t serial;
    uintptr_t origin;
} trace_entry;

typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t used;
    size_t capacity;
    char bytes[];
} arena_chunk;

typedef struct {
    uintptr_t start;
    uintptr_t end;
} text_range;

typedef struct {
    size_t count;
    text_range ranges[];
} text_ranges;

// Everything below is protected by `lock`.
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bool active = false;
static bool user_session = false;
static int user_frames = 0;
static bool user_unwind = false;
static int retained_sessions = 0;
static int retained_frames = 0;
static trace_entry *traces = NULL;
static size_t trace_capacity = 0;
static size_t trace_count = 0;
static traceback **traceback_buckets = NULL;
static size_t traceback_capacity = 0;
static size_t traceback_count = 0;
static arena_chunk *arena = NULL;
static size_t arena_bytes = 0;
static size_t traced_current = 0;
static size_t traced_peak = 0;
/// Allocations that succeeded but whose trace could not be stored (the tracer ran out of memory).
static size_t dropped_traces = 0;
/// How many of this thread's next traces to drop as if memory had run out, for tests of that
/// path (per thread, so tests running in parallel do not take each other's failures).
static _Thread_local size_t simulated_failures = 0;
/// The first serial of each retained session still running: `reclaim_tracing_clear` keeps the
/// traces those sessions need.
static uint64_t *session_serials = NULL;
static int *session_frames = NULL;
static size_t session_serial_count = 0;
static size_t session_serial_capacity = 0;
/// Changes whenever traces are discarded (tables freed, or a partial clear), so that a trace
/// taken out by a `realloc` is not put back into tables that no longer hold its traceback.
static uint64_t table_generation = 0;
static uint64_t next_serial = 1;

/// Executable segments of the allocator's images (libc, libswiftCore...): published once per
/// set of loaded images, never freed (a walk may still read an older set), read without a lock.
static _Atomic(text_ranges *) skipped = NULL;
/// Serializes `refresh_skipped_ranges` (never held together with `lock`: dl_iterate_phdr takes
/// the loader's lock, which a thread inside dlopen holds while it calls malloc).
static pthread_mutex_t ranges_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long long skipped_adds = 0;
static atomic_size_t skipped_bytes = 0;

// Around fork, both locks are held so the child never inherits a table or range list half
// updated by another thread. The forking thread is marked internal meanwhile: other fork
// handlers run between these and may allocate, and must not wait for a lock it holds.
static void fork_prepare(void) {
    thread_state |= STATE_INTERNAL;
    pthread_mutex_lock(&ranges_lock);
    pthread_mutex_lock(&lock);
}

static void fork_parent(void) {
    pthread_mutex_unlock(&lock);
    pthread_mutex_unlock(&ranges_lock);
    thread_state &= ~(unsigned)STATE_INTERNAL;
}

static void fork_child(void) {
    pthread_mutex_init(&lock, NULL);
    pthread_mutex_init(&ranges_lock, NULL);
    thread_state &= ~(unsigned)STATE_INTERNAL;
}

/// Registered when the image loads, before any handler a program registers later, so that
/// those run while the tracer's locks are free.
__attribute__((constructor)) static void register_atfork(void) {
    pthread_atfork(fork_prepare, fork_parent, fork_child);
}

// MARK: - Allocator images

/// Whether `path` names one of the images whose frames are allocator machinery: the C and C++
/// runtimes, the dynamic loader, the Swift runtime and standard libraries, Foundation and
/// Dispatch. Matched by exact base name (`libc.so.6`, not a user's `libc-client.so`).
static bool is_allocator_image(const char *path) {
    const char *name = strrchr(path, '/');
    name = name ? name + 1 : path;
    static const char *const bases[] = {
        "libc", "ld-linux-x86-64", "ld-linux-aarch64", "libm", "libpthread", "libstdc++", "libgcc_s",
        "libswiftCore", "libswift_Concurrency", "libswiftSynchronization", "libswift_StringProcessing",
        "libswiftGlibc", "libswiftDispatch", "libdispatch", "libBlocksRuntime", "libFoundation",
        "libFoundationEssentials", "libFoundationInternationalization", "libFoundationNetworking",
        "libFoundationXML", "lib_FoundationICU", "libswiftSwiftOnoneSupport", "libdl", "librt", "libatomic",
    };
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        size_t length = strlen(bases[i]);
        if (strncmp(name, bases[i], length) == 0 && strncmp(name + length, ".so", 3) == 0) {
            return true;
        }
    }
    return false;
}

typedef struct {
    text_ranges *list;
    size_t capacity;
} range_list;

static int collect_ranges(struct dl_phdr_info *info, size_t size, void *context) {
    (void)size;
    range_list *list = context;
    if (info->dlpi_name == NULL || !is_allocator_image(info->dlpi_name)) {
        return 0;
    }
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[i];
        if (header->p_type != PT_LOAD || !(header->p_flags & PF_X)) {
            continue;
        }
        if (list->list->count == list->capacity) {
            size_t capacity = list->capacity * 2;
            text_ranges *grown = __libc_realloc(list->list, sizeof(text_ranges) + capacity * sizeof(text_range));
            if (grown == NULL) {
                return 1;
            }
            list->list = grown;
            list->capacity = capacity;
        }
        uintptr_t start = (uintptr_t)info->dlpi_addr + header->p_vaddr;
        list->list->ranges[list->list->count++] = (text_range){start, start + header->p_memsz};
    }
    return 0;
}

static int count_adds(struct dl_phdr_info *info, size_t size, void *context) {
    (void)size;
    *(unsigned long long *)context = info->dlpi_adds;
    return 1;
}

/// Finds the allocator images' text ranges again when images were loaded since the last time.
static void refresh_skipped_ranges(void) {
    thread_state |= STATE_INTERNAL;
    pthread_mutex_lock(&ranges_lock);
    unsigned long long adds = 0;
    dl_iterate_phdr(count_adds, &adds);
    if (atomic_load(&skipped) == NULL || adds != skipped_adds) {
        range_list list = {__libc_malloc(sizeof(text_ranges) + 32 * sizeof(text_range)), 32};
        if (list.list != NULL) {
            list.list->count = 0;
            dl_iterate_phdr(collect_ranges, &list);
            skipped_adds = adds;
            atomic_fetch_add(&skipped_bytes, sizeof(text_ranges) + list.capacity * sizeof(text_range));
            atomic_store(&skipped, list.list);
        }
    }
    pthread_mutex_unlock(&ranges_lock);
    thread_state &= ~(unsigned)STATE_INTERNAL;
}

static inline bool is_allocator_frame(uintptr_t address) {
    if (address >= (uintptr_t)__start_reclaim_tracing_text && address < (uintptr_t)__stop_reclaim_tracing_text) {
        return true;
    }
    const text_ranges *list = atomic_load_explicit(&skipped, memory_order_acquire);
    size_t count = list ? list->count : 0;
    for (size_t i = 0; i < count; i++) {
        if (address >= list->ranges[i].start && address < list->ranges[i].end) {
            return true;
        }
    }
    return false;
}

// MARK: - Stack capture

typedef struct {
    uintptr_t frames[RECLAIM_TRACING_MAX_FRAMES + 1];
    uint32_t count;
    uint32_t total;
    uint32_t limit;
    bool skipping;
} capture;

static inline void capture_add(capture *capture, uintptr_t address) {
    if (capture->skipping) {
        if (is_allocator_frame(address)) {
            return;
        }
        capture->skipping = false;
    }
    if (capture->count < capture->limit) {
        capture->frames[capture->count++] = address;
    }
    capture->total++;
}

/// The deepest walk counted for `total_frame_count`.
#define MAX_COUNTED_FRAMES 4096

static bool thread_stack_bounds(uintptr_t *low, uintptr_t *high) {
    if (stack_high == 0) {
        pthread_attr_t attributes;
        if (pthread_getattr_np(pthread_self(), &attributes) != 0) {
            return false;
        }
        void *base = NULL;
        size_t size = 0;
        int status = pthread_attr_getstack(&attributes, &base, &size);
        pthread_attr_destroy(&attributes);
        if (status != 0) {
            return false;
        }
        stack_low = (uintptr_t)base;
        stack_high = (uintptr_t)base + size;
    }
    *low = stack_low;
    *high = stack_high;
    return true;
}

#if defined(__x86_64__)
/// Follows the saved-rbp chain from `frame` (an interposer's own frame), stopping at the first
/// frame pointer that is misaligned, not above the previous one, or outside this thread's stack.
TRACER_TEXT static void walk_frame_pointers(capture *capture, uintptr_t *frame) {
    uintptr_t low, high;
    if (!thread_stack_bounds(&low, &high)) {
        return;
    }
    uintptr_t *current = frame;
    while (capture->total < MAX_COUNTED_FRAMES) {
        uintptr_t position = (uintptr_t)current;
        if ((position & 7) != 0 || position < low || position + 2 * sizeof(uintptr_t) > high) {
            return;
        }
        uintptr_t return_address = current[1];
        if (return_address == 0) {
            return;
        }
        capture_add(capture, return_address);
        uintptr_t *next = (uintptr_t *)current[0];
        if ((uintptr_t)next <= position) {
            return;
        }
        current = next;
    }
}
#endif

static _Unwind_Reason_Code unwind_step(struct _Unwind_Context *context, void *argument) {
    capture *capture = argument;
    uintptr_t address = (uintptr_t)_Unwind_GetIP(context);
    if (address == 0 || capture->total >= MAX_COUNTED_FRAMES) {
        return _URC_END_OF_STACK;
    }
    capture_add(capture, address);
    return _URC_NO_REASON;
}

TRACER_TEXT static void capture_stack(capture *capture, uintptr_t *frame) {
    capture->count = 0;
    capture->total = 0;
    capture->skipping = true;
    // One frame more than the limit: the Swift side drops a leading compiler-generated
    // allocating initializer and then cuts the traceback to `limit`.
    int limit = atomic_load_explicit(&max_frames, memory_order_relaxed);
    capture->limit = (uint32_t)(limit < 1 ? 1 : limit) + 1;
#if defined(__x86_64__)
    if (!atomic_load_explicit(&use_unwind_tables, memory_order_relaxed)) {
        walk_frame_pointers(capture, frame);
        return;
    }
#else
    (void)frame;
#endif
    _Unwind_Backtrace(unwind_step, capture);
}

// MARK: - Tables (lock held)

/// Mixes the high bits of the product into the low ones the table indexes with: blocks of one
/// size class sit at a fixed stride, which the low bits of a plain product would keep.
static inline size_t hash_address(uintptr_t address) {
    uint64_t hash = (address >> 4) * 0x9E3779B97F4A7C15ull;
    return (size_t)(hash ^ (hash >> 32));
}

static void *arena_allocate(size_t size) {
    size = (size + 15) & ~(size_t)15;
    if (arena == NULL || arena->capacity - arena->used < size) {
        size_t capacity = size > 60000 ? size : 60000;
        arena_chunk *chunk = __libc_malloc(sizeof(arena_chunk) + capacity);
        if (chunk == NULL) {
            return NULL;
        }
        chunk->next = arena;
        chunk->used = 0;
        chunk->capacity = capacity;
        arena = chunk;
        arena_bytes += sizeof(arena_chunk) + capacity;
    }
    void *result = arena->bytes + arena->used;
    arena->used += size;
    return result;
}

static bool grow_tracebacks(void) {
    size_t capacity = traceback_capacity ? traceback_capacity * 2 : 1024;
    traceback **buckets = __libc_calloc(capacity, sizeof(traceback *));
    if (buckets == NULL) {
        return false;
    }
    for (size_t i = 0; i < traceback_capacity; i++) {
        traceback *entry = traceback_buckets[i];
        while (entry != NULL) {
            traceback *next = entry->next;
            size_t slot = entry->hash & (capacity - 1);
            entry->next = buckets[slot];
            buckets[slot] = entry;
            entry = next;
        }
    }
    __libc_free(traceback_buckets);
    traceback_buckets = buckets;
    traceback_capacity = capacity;
    return true;
}

/// The interned traceback with these frames, created when new; NULL when out of memory.
static traceback *intern(const capture *capture) {
    uint64_t hash = (0xcbf29ce484222325ull ^ capture->total) * 0x100000001b3ull ^ capture->limit;
    for (uint32_t i = 0; i < capture->count; i++) {
        hash = (hash ^ capture->frames[i]) * 0x100000001b3ull;
        hash ^= hash >> 29;
    }
    if (traceback_count >= traceback_capacity && !grow_tracebacks()) {
        return NULL;
    }
    size_t slot = hash & (traceback_capacity - 1);
    for (traceback *entry = traceback_buckets[slot]; entry != NULL; entry = entry->next) {
        if (entry->hash == hash && entry->frame_count == capture->count
            && entry->total_frame_count == capture->total && entry->limit == capture->limit - 1
            && memcmp(entry->frames, capture->frames, capture->count * sizeof(uintptr_t)) == 0) {
            return entry;
        }
    }
    traceback *created = arena_allocate(sizeof(traceback) + capture->count * sizeof(uintptr_t));
    if (created == NULL) {
        return NULL;
    }
    created->hash = hash;
    created->frame_count = capture->count;
    created->total_frame_count = capture->total;
    created->limit = capture->limit - 1;
    created->copy_index = 0;
    memcpy(created->frames, capture->frames, capture->count * sizeof(uintptr_t));
    created->next = traceback_buckets[slot];
    traceback_buckets[slot] = created;
    traceback_count++;
    return created;
}

static trace_entry *find_trace(uintptr_t address) {
    size_t mask = trace_capacity - 1;
    for (size_t slot = hash_address(address) & mask;; slot = (slot + 1) & mask) {
        if (traces[slot].address == address) {
            return &traces[slot];
        }
        if (traces[slot].address == 0) {
            return NULL;
        }
    }
}

/// Removes the entry at `slot` by shifting later entries of its probe run back (no tombstones).
static void remove_trace_at(size_t slot) {
    size_t mask = trace_capacity - 1;
    traced_current -= traces[slot].size;
    trace_count--;
    size_t hole = slot;
    for (size_t next = (hole + 1) & mask; traces[next].address != 0; next = (next + 1) & mask) {
        size_t home = hash_address(traces[next].address) & mask;
        bool movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
        if (movable) {
            traces[hole] = traces[next];
            hole = next;
        }
    }
    traces[hole].address = 0;
}

static void place_trace(trace_entry entry) {
    size_t mask = trace_capacity - 1;
    size_t slot = hash_address(entry.address) & mask;
    while (traces[slot].address != 0) {
        slot = (slot + 1) & mask;
    }
    traces[slot] = entry;
}

static bool grow_traces(void) {
    size_t capacity = trace_capacity * 2;
    trace_entry *grown = __libc_calloc(capacity, sizeof(trace_entry));
    if (grown == NULL) {
        return false;
    }
    trace_entry *old = traces;
    size_t old_capacity = trace_capacity;
    traces = grown;
    trace_capacity = capacity;
    for (size_t i = 0; i < old_capacity; i++) {
        if (old[i].address != 0) {
            place_trace(old[i]);
        }
    }
    __libc_free(old);
    return true;
}

/// The running task (`swift_task_getCurrent`, libswift_Concurrency, Swift calling convention;
/// weak, so programs without the concurrency runtime still link), or NULL outside tasks.
extern __attribute__((swiftcall, weak)) void *swift_task_getCurrent(void);

uintptr_t reclaim_tracing_current_origin(void) {
    if (swift_task_getCurrent != NULL) {
        void *task = swift_task_getCurrent();
        if (task != NULL) {
            return (uintptr_t)task;
        }
    }
    return (uintptr_t)pthread_self() | 1;
}

static bool add_trace(uintptr_t address, size_t size, traceback *traceback) {
    trace_entry *existing = find_trace(address);
    if (existing != NULL) {
        remove_trace_at((size_t)(existing - traces));
    }
    if ((trace_count + 1) * 2 > trace_capacity && !grow_traces()) {
        return false;
    }
    place_trace((trace_entry){address, size, traceback, next_serial++, reclaim_tracing_current_origin()});
    trace_count++;
    traced_current += size;
    if (traced_current > traced_peak) {
        traced_peak = traced_current;
    }
    return true;
}

static void free_tables(void) {
    __libc_free(traces);
    traces = NULL;
    trace_capacity = 0;
    trace_count = 0;
    __libc_free(traceback_buckets);
    traceback_buckets = NULL;
    traceback_capacity = 0;
    traceback_count = 0;
    while (arena != NULL) {
        arena_chunk *next = arena->next;
        __libc_free(arena);
        arena = next;
    }
    arena_bytes = 0;
    traced_current = 0;
    traced_peak = 0;
    dropped_traces = 0;
    table_generation++;
}

static bool allocate_tables(void) {
    trace_capacity = 4096;
    traces = __libc_calloc(trace_capacity, sizeof(trace_entry));
    if (traces == NULL || !grow_tracebacks()) {
        free_tables();
        return false;
    }
    return true;
}

// MARK: - Tracking

/// Records a new block. When the tracer runs out of memory the allocation still succeeds,
/// untraced, and is counted in `dropped_traces`: failing it would turn a tracer problem into a
/// crash (Swift traps when `swift_allocObject`'s malloc returns NULL).
TRACER_TEXT static void track(void *pointer, size_t size, uintptr_t *frame) {
    if (pointer == NULL || thread_state != 0) {
        return;
    }
    thread_state = STATE_INTERNAL;
    capture stack;
    capture_stack(&stack, frame);
    bool recorded;
    pthread_mutex_lock(&lock);
    if (active) {
        traceback *traceback = simulated_failures > 0 ? NULL : intern(&stack);
        if (simulated_failures > 0) {
            simulated_failures--;
        }
        recorded = traceback != NULL && add_trace((uintptr_t)pointer, size, traceback);
        if (!recorded) {
            dropped_traces++;
            trace_entry *stale = find_trace((uintptr_t)pointer);
            if (stale != NULL) {
                remove_trace_at((size_t)(stale - traces));
            }
        }
    }
    pthread_mutex_unlock(&lock);
    thread_state = 0;
}

/// Forgets a block about to be freed (nothing happens for blocks allocated before tracing).
/// Copies the removed entry to `removed` when given.
static bool untrack(void *pointer, trace_entry *removed, uint64_t *generation) {
    if (pointer == NULL || (thread_state & STATE_INTERNAL)) {
        return false;
    }
    unsigned saved = thread_state;
    thread_state = STATE_INTERNAL;
    bool found = false;
    pthread_mutex_lock(&lock);
    if (active) {
        trace_entry *entry = find_trace((uintptr_t)pointer);
        if (entry != NULL) {
            if (removed != NULL) {
                *removed = *entry;
                *generation = table_generation;
            }
            remove_trace_at((size_t)(entry - traces));
            found = true;
        }
    }
    pthread_mutex_unlock(&lock);
    thread_state = saved;
    return found;
}

// MARK: - Frees held during walks

/// How many walks are reading objects listed from the traces (`reclaim_tracing_hold_frees`).
static atomic_int holding_frees = 0;
// The blocks whose free waits for the walks to end; protected by `lock`.
static void **held_blocks = NULL;
static size_t held_count = 0;
static size_t held_capacity = 0;

static void enter(void);
static void leave(void);

/// Keeps `pointer` allocated until the last walk ends, if a walk is running: the walk may
/// be reading it. Returns false (free it now) otherwise, or if the list cannot grow.
static bool hold_free(void *pointer) {
    if (pointer == NULL || (thread_state & STATE_INTERNAL)
        || atomic_load_explicit(&holding_frees, memory_order_acquire) == 0) {
        return false;
    }
    bool held = false;
    enter();
    if (atomic_load_explicit(&holding_frees, memory_order_relaxed) > 0) {
        if (held_count == held_capacity) {
            size_t capacity = held_capacity ? held_capacity * 2 : 1024;
            void **grown = __libc_realloc(held_blocks, capacity * sizeof(void *));
            if (grown != NULL) {
                held_blocks = grown;
                held_capacity = capacity;
            }
        }
        if (held_count < held_capacity) {
            held_blocks[held_count++] = pointer;
            held = true;
        }
    }
    leave();
    return held;
}

void reclaim_tracing_hold_frees(void) {
    atomic_fetch_add_explicit(&holding_frees, 1, memory_order_acq_rel);
}

void reclaim_tracing_release_frees(void) {
    void **blocks = NULL;
    size_t count = 0;
    enter();
    if (atomic_fetch_sub_explicit(&holding_frees, 1, memory_order_acq_rel) == 1) {
        blocks = held_blocks;
        count = held_count;
        held_blocks = NULL;
        held_count = 0;
        held_capacity = 0;
    }
    leave();
    for (size_t index = 0; index < count; index++) {
        __libc_free(blocks[index]);
    }
    __libc_free(blocks);
}

/// Puts back an entry removed by `untrack` when `realloc` failed and the old block lives on.
static void restore(trace_entry entry, uint64_t generation) {
    thread_state |= STATE_INTERNAL;
    pthread_mutex_lock(&lock);
    if (active && generation == table_generation && find_trace(entry.address) == NULL) {
        if ((trace_count + 1) * 2 <= trace_capacity || grow_traces()) {
            place_trace(entry);
            trace_count++;
            traced_current += entry.size;
        } else {
            dropped_traces++;
        }
    }
    pthread_mutex_unlock(&lock);
    thread_state &= ~(unsigned)STATE_INTERNAL;
}

static inline bool is_tracing_relaxed(void) {
    return UNLIKELY(atomic_load_explicit(&tracing, memory_order_relaxed));
}

// MARK: - Interposed allocator

TRACER_TEXT void *malloc(size_t size) {
    void *pointer = __libc_malloc(size);
    if (is_tracing_relaxed()) {
        track(pointer, size, __builtin_frame_address(0));
    }
    return pointer;
}

/// `free`'s work while tracing, kept out of line so that `free` itself stays a load, a branch
/// and a jump when tracing is off. Returns whether the block is held (see `hold_free`).
static __attribute__((noinline)) bool untrack_freed(void *pointer) {
    untrack(pointer, NULL, NULL);
    return hold_free(pointer);
}

TRACER_TEXT void free(void *pointer) {
    if (is_tracing_relaxed() && untrack_freed(pointer)) {
        return;
    }
    __libc_free(pointer);
}

TRACER_TEXT void *calloc(size_t count, size_t size) {
    void *pointer = __libc_calloc(count, size);
    if (is_tracing_relaxed()) {
        track(pointer, count * size, __builtin_frame_address(0));
    }
    return pointer;
}

TRACER_TEXT void *realloc(void *pointer, size_t size) {
    if (!is_tracing_relaxed()) {
        return __libc_realloc(pointer, size);
    }
    // Forget the old block first: once glibc frees it, another thread may get its address.
    trace_entry old;
    uint64_t generation = 0;
    bool had_trace = untrack(pointer, &old, &generation);
    if (pointer != NULL && size != 0 && !(thread_state & STATE_INTERNAL)
        && atomic_load_explicit(&holding_frees, memory_order_acquire) != 0) {
        // A walk is reading listed blocks: move the data to a new block and hold the old one,
        // which glibc's realloc would free (or unmap) under the walk.
        void *moved = __libc_malloc(size);
        if (moved == NULL) {
            if (had_trace) {
                restore(old, generation);
            }
            return NULL;
        }
        size_t usable = malloc_usable_size(pointer);
        memcpy(moved, pointer, usable < size ? usable : size);
        if (!hold_free(pointer)) {
            __libc_free(pointer);
        }
        track(moved, size, __builtin_frame_address(0));
        return moved;
    }
    void *result = __libc_realloc(pointer, size);
    if (result == NULL) {
        if (had_trace && size != 0) {
            restore(old, generation);
        }
        return NULL;
    }
    track(result, size, __builtin_frame_address(0));
    return result;
}

TRACER_TEXT void *reallocarray(void *pointer, size_t count, size_t size) {
    size_t total;
    if (__builtin_mul_overflow(count, size, &total)) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(pointer, total);
}

TRACER_TEXT void *memalign(size_t alignment, size_t size) {
    void *pointer = __libc_memalign(alignment, size);
    if (is_tracing_relaxed()) {
        track(pointer, size, __builtin_frame_address(0));
    }
    return pointer;
}

TRACER_TEXT void *aligned_alloc(size_t alignment, size_t size) {
    if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
        errno = EINVAL;
        return NULL;
    }
    void *pointer = __libc_memalign(alignment, size);
    if (is_tracing_relaxed()) {
        track(pointer, size, __builtin_frame_address(0));
    }
    return pointer;
}

TRACER_TEXT int posix_memalign(void **result, size_t alignment, size_t size) {
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0 || alignment == 0) {
        return EINVAL;
    }
    int saved_errno = errno;
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) {
        errno = saved_errno;
        return ENOMEM;
    }
    if (is_tracing_relaxed()) {
        track(pointer, size, __builtin_frame_address(0));
    }
    *result = pointer;
    return 0;
}

TRACER_TEXT void *valloc(size_t size) {
    void *pointer = __libc_valloc(size);
    if (is_tracing_relaxed()) {
        track(pointer, size, __builtin_frame_address(0));
    }
    return pointer;
}

TRACER_TEXT void *pvalloc(size_t size) {
    void *pointer = __libc_pvalloc(size);
    if (is_tracing_relaxed()) {
        track(pointer, size, __builtin_frame_address(0));
    }
    return pointer;
}

// MARK: - Control

bool reclaim_tracing_is_available(void) { return true; }

void *reclaim_tracing_unhooked_malloc(size_t size) { return __libc_malloc(size); }

void reclaim_tracing_unhooked_free(void *pointer) { __libc_free(pointer); }

static void enter(void) {
    thread_state |= STATE_INTERNAL;
    pthread_mutex_lock(&lock);
}

static void leave(void) {
    pthread_mutex_unlock(&lock);
    thread_state &= ~(unsigned)STATE_INTERNAL;
}

/// Applies the sessions' settings: starts or stops tracing and sets the frame limit.
static reclaim_tracing_status apply_sessions(void) {
    bool wanted = user_session || retained_sessions > 0;
    if (!wanted) {
        if (active) {
            atomic_store(&tracing, 0);
            active = false;
            free_tables();
        }
        return RECLAIM_TRACING_OK;
    }
    if (!active) {
        if (!allocate_tables()) {
            return RECLAIM_TRACING_OUT_OF_MEMORY;
        }
        active = true;
    }
    int frames = user_session ? user_frames : 0;
    if (retained_sessions > 0 && retained_frames > frames) {
        frames = retained_frames;
    }
    atomic_store(&max_frames, frames);
    atomic_store(&use_unwind_tables, user_session && user_unwind);
    atomic_store(&tracing, 1);
    return RECLAIM_TRACING_OK;
}

reclaim_tracing_status reclaim_tracing_start_user(int frames, bool unwind_tables) {
    refresh_skipped_ranges();
    enter();
    bool was_user = user_session;
    user_session = true;
    user_frames = frames;
    user_unwind = unwind_tables;
    reclaim_tracing_status status = apply_sessions();
    if (status != RECLAIM_TRACING_OK) {
        user_session = was_user;
    }
    leave();
    return status;
}

void reclaim_tracing_stop_user(void) {
    enter();
    user_session = false;
    apply_sessions();
    leave();
}

reclaim_tracing_status reclaim_tracing_retain_session(int frames, uint64_t *first_serial) {
    refresh_skipped_ranges();
    enter();
    if (session_serial_count == session_serial_capacity) {
        size_t capacity = session_serial_capacity ? session_serial_capacity * 2 : 16;
        uint64_t *grown = __libc_realloc(session_serials, capacity * sizeof(uint64_t));
        if (grown != NULL) {
            session_serials = grown;
        }
        int *grown_frames = __libc_realloc(session_frames, capacity * sizeof(int));
        if (grown_frames != NULL) {
            session_frames = grown_frames;
        }
        if (grown == NULL || grown_frames == NULL) {
            leave();
            return RECLAIM_TRACING_OUT_OF_MEMORY;
        }
        session_serial_capacity = capacity;
    }
    int previous_frames = retained_frames;
    retained_frames = retained_sessions == 0 || frames > retained_frames ? frames : retained_frames;
    retained_sessions++;
    reclaim_tracing_status status = apply_sessions();
    if (status == RECLAIM_TRACING_OK) {
        *first_serial = next_serial;
        session_serials[session_serial_count] = next_serial;
        session_frames[session_serial_count] = frames;
        session_serial_count++;
    } else {
        retained_sessions--;
        retained_frames = previous_frames;
    }
    leave();
    return status;
}

void reclaim_tracing_release_session(uint64_t first_serial) {
    enter();
    for (size_t i = 0; i < session_serial_count; i++) {
        if (session_serials[i] == first_serial) {
            session_serial_count--;
            session_serials[i] = session_serials[session_serial_count];
            session_frames[i] = session_frames[session_serial_count];
            if (retained_sessions > 0) {
                retained_sessions--;
            }
            break;
        }
    }
    retained_frames = 0;
    for (size_t i = 0; i < session_serial_count; i++) {
        if (session_frames[i] > retained_frames) {
            retained_frames = session_frames[i];
        }
    }
    apply_sessions();
    leave();
}

void reclaim_tracing_simulate_failures(size_t count) { simulated_failures = count; }

size_t reclaim_tracing_dropped_count(void) {
    enter();
    size_t count = dropped_traces;
    leave();
    return count;
}

bool reclaim_tracing_is_tracing(void) { return atomic_load(&tracing) != 0; }

int reclaim_tracing_traceback_limit(void) {
    return atomic_load(&tracing) ? atomic_load(&max_frames) : 0;
}

/// Discards the traces older than every running retained session (all of them when none
/// runs); a session's own traces stay, so a leak check still knows what its block allocated.
void reclaim_tracing_clear(void) {
    enter();
    if (active && session_serial_count == 0) {
        free_tables();
        if (!allocate_tables()) {
            atomic_store(&tracing, 0);
            active = false;
            user_session = false;
        }
    } else if (active) {
        uint64_t kept_from = session_serials[0];
        for (size_t i = 1; i < session_serial_count; i++) {
            if (session_serials[i] < kept_from) {
                kept_from = session_serials[i];
            }
        }
        for (size_t slot = 0; slot < trace_capacity;) {
            if (traces[slot].address != 0 && traces[slot].serial < kept_from) {
                remove_trace_at(slot);
            } else {
                slot++;
            }
        }
        traced_peak = traced_current;
        table_generation++;
    }
    leave();
}

void reclaim_tracing_traced_memory(size_t *current, size_t *peak) {
    enter();
    *current = traced_current;
    *peak = traced_peak;
    leave();
}

void reclaim_tracing_reset_peak(void) {
    enter();
    traced_peak = traced_current;
    leave();
}

size_t reclaim_tracing_tracer_memory(void) {
    enter();
    size_t bytes = active ? trace_capacity * sizeof(trace_entry) + traceback_capacity * sizeof(traceback *)
                                + arena_bytes + atomic_load(&skipped_bytes)
                          : 0;
    leave();
    return bytes;
}

uint64_t reclaim_tracing_next_serial(void) {
    enter();
    uint64_t serial = next_serial;
    leave();
    return serial;
}

void reclaim_tracing_suspend(void) { thread_state += STATE_SUSPENDED_UNIT; }

void reclaim_tracing_resume(void) { thread_state -= STATE_SUSPENDED_UNIT; }

bool reclaim_tracing_copy(reclaim_trace_copy *copy, bool *out_of_memory) {
    *copy = (reclaim_trace_copy){0};
    *out_of_memory = false;
    enter();
    if (!active) {
        leave();
        return false;
    }
    copy->traceback_limit = atomic_load(&max_frames);
    copy->traces = __libc_malloc((trace_count ? trace_count : 1) * sizeof(reclaim_trace));
    copy->tracebacks = __libc_malloc((traceback_count ? traceback_count : 1) * sizeof(reclaim_traceback_record));
    size_t frame_total = 0;
    for (size_t i = 0; i < traceback_capacity; i++) {
        for (traceback *entry = traceback_buckets[i]; entry != NULL; entry = entry->next) {
            entry->copy_index = UINT32_MAX;
            frame_total += entry->frame_count;
        }
    }
    copy->frames = __libc_malloc((frame_total ? frame_total : 1) * sizeof(uintptr_t));
    if (copy->traces == NULL || copy->tracebacks == NULL || copy->frames == NULL) {
        leave();
        reclaim_tracing_free_copy(copy);
        *out_of_memory = true;
        return false;
    }
    for (size_t i = 0; i < trace_capacity; i++) {
        const trace_entry *entry = &traces[i];
        if (entry->address == 0) {
            continue;
        }
        traceback *traceback = entry->traceback;
        if (traceback->copy_index == UINT32_MAX) {
            traceback->copy_index = (uint32_t)copy->traceback_count;
            copy->tracebacks[copy->traceback_count++] = (reclaim_traceback_record){
                copy->frame_count, traceback->frame_count, traceback->total_frame_count, traceback->limit
            };
            memcpy(copy->frames + copy->frame_count, traceback->frames, traceback->frame_count * sizeof(uintptr_t));
            copy->frame_count += traceback->frame_count;
        }
        copy->traces[copy->trace_count++] = (reclaim_trace){
            entry->address, entry->size, entry->serial, traceback->copy_index, entry->origin
        };
    }
    leave();
    return true;
}

void reclaim_tracing_free_copy(reclaim_trace_copy *copy) {
    __libc_free(copy->traces);
    __libc_free(copy->tracebacks);
    __libc_free(copy->frames);
    *copy = (reclaim_trace_copy){0};
}

bool reclaim_tracing_lookup(uintptr_t address, bool containing, reclaim_block_info *info) {
    enter();
    const trace_entry *found = NULL;
    if (active) {
        found = find_trace(address);
        for (size_t i = 0; containing && found == NULL && i < trace_capacity; i++) {
            const trace_entry *entry = &traces[i];
            if (entry->address != 0 && address >= entry->address && address - entry->address < entry->size) {
                found = entry;
            }
        }
    }
    if (found != NULL) {
        info->address = found->address;
        info->size = found->size;
        info->serial = found->serial;
        info->frame_count = found->traceback->frame_count;
        info->total_frame_count = found->traceback->total_frame_count;
        info->limit = found->traceback->limit;
        memcpy(info->frames, found->traceback->frames, found->traceback->frame_count * sizeof(uintptr_t));
    }
    leave();
    return found != NULL;
}

#endif
