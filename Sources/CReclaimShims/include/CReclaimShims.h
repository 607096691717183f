#ifndef CRECLAIM_SHIMS_H
#define CRECLAIM_SHIMS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/// The platforms whose runtime layouts Reclaim reads directly (object headers, class metadata,
/// value witness tables, exclusivity records): 64-bit Linux, where Swift has no Objective-C
/// interop. Checked on Swift 6.3.1, x86_64; arm64 uses the same layouts but is not verified.
/// Elsewhere every layout read is compiled out and the runtime's own functions are used.
#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))
#define RECLAIM_NATIVE_LAYOUT 1
#else
#define RECLAIM_NATIVE_LAYOUT 0
#endif

/// Strong retain count of a native Swift object (`swift_retainCount`, exported by libswiftCore).
extern size_t swift_retainCount(void *_Nonnull object);

/// Whether a native Swift object has started deinitialization (`swift_isDeallocating`).
extern bool swift_isDeallocating(void *_Nonnull object);

/// A retain and a release that update the reference counts without atomic operations
/// (`swift_nonatomic_retain`, `swift_nonatomic_release`, exported by libswiftCore): only for
/// objects no other thread can reach.
extern void *_Nonnull swift_nonatomic_retain(void *_Nonnull object);
extern void swift_nonatomic_release(void *_Nonnull object);

/// Set by `RuntimeProbes` once the decoding of the reference-count word has been checked
/// against the runtime; until then (and on other platforms) `reclaim_refcount_word` returns a
/// word with the slow-path bit set, so callers ask the runtime instead.
extern bool reclaim_refcount_word_verified;

/// The inline reference-count word of a native Swift object (the second word of its header),
/// read with a relaxed atomic load; decoded in `RuntimeShims.referenceCountState(of:)`.
static inline uint64_t reclaim_refcount_word(const void *_Nonnull object) {
#if RECLAIM_NATIVE_LAYOUT
    if (!reclaim_refcount_word_verified) {
        return UINT64_MAX;
    }
    return __atomic_load_n((const uint64_t *)((const char *)object + 8), __ATOMIC_RELAXED);
#else
    (void)object;
    return UINT64_MAX;
#endif
}

/// Set by `RuntimeProbes` once the reading of side-table counts has been checked against the
/// runtime; until then `reclaim_side_table_refcount_word` returns a word that decodes to
/// nothing, so callers ask the runtime instead.
extern bool reclaim_side_table_word_verified;

/// Where the reference-count word of a side table is, given an object's inline word that has
/// `UseSlowRC` (bit 63) and `SideTableMark` (bit 62) set (Swift 6.3.1 `RefCount.h`, 64-bit):
/// the table's address is the word's low 62 bits shifted left by 3 (`SideTableUnusedLowBits`).
/// A `HeapObjectSideTableEntry` holds the object pointer, then `SideTableRefCountBits`, which
/// is aligned to two words: its first 64 bits, at byte offset 16, have the inline word's
/// layout. Unchecked: `RuntimeProbes` compares what is read there with the runtime.
static inline const void *_Nonnull reclaim_side_table_refcount_address(uint64_t inline_word) {
    return (const char *)(uintptr_t)(inline_word << 3) + 16;
}

/// The reference-count word of a side table (see `reclaim_side_table_refcount_address`).
static inline uint64_t reclaim_read_side_table_refcount_word(uint64_t inline_word) {
    return __atomic_load_n((const uint64_t *)reclaim_side_table_refcount_address(inline_word), __ATOMIC_RELAXED);
}

/// `reclaim_read_side_table_refcount_word` once `RuntimeProbes` has verified it; `UINT64_MAX`
/// until then and on other platforms.
static inline uint64_t reclaim_side_table_refcount_word(uint64_t inline_word) {
#if RECLAIM_NATIVE_LAYOUT
    if (!reclaim_side_table_word_verified) {
        return UINT64_MAX;
    }
    return reclaim_read_side_table_refcount_word(inline_word);
#else
    (void)inline_word;
    return UINT64_MAX;
#endif
}

/// The reference-count word read through an opaque call, and a retain and a release through
/// opaque calls, for the check of the word's layout (`RuntimeProbes`): the optimizer must not
/// move the probe's retains across its reads.
uint64_t reclaim_probe_refcount_word(const void *_Nonnull object);
void reclaim_probe_retain(void *_Nonnull object);
void reclaim_probe_release(void *_Nonnull object);
/// An unowned retain and release (`swift_unownedRetain`, `swift_unownedRelease`, what copying
/// and dropping an `unowned` reference do) through opaque calls, for the same check.
void reclaim_probe_unowned_retain(void *_Nonnull object);
void reclaim_probe_unowned_release(void *_Nonnull object);

/// `_swift_getSwiftClassInstanceExtents` (libswiftCore, Swift calling convention): the
/// instance address point and the instance size past it, for a Swift class's metadata.
typedef struct {
    size_t negative;
    size_t positive;
} reclaim_class_extents;
extern __attribute__((swiftcall)) reclaim_class_extents _swift_getSwiftClassInstanceExtents(const void *_Nonnull metadata);

/// The instance size of the Swift class whose metadata is `metadata`, from the runtime.
static inline size_t reclaim_class_instance_extents_positive(const void *_Nonnull metadata) {
    reclaim_class_extents extents = _swift_getSwiftClassInstanceExtents(metadata);
    return extents.negative + extents.positive;
}

/// Whether this build reads runtime layouts directly (see `RECLAIM_NATIVE_LAYOUT`).
static inline bool reclaim_reads_native_layout(void) {
    return RECLAIM_NATIVE_LAYOUT;
}

/// Writes the addresses of the formal accesses in progress on the calling thread that the
/// runtime tracks dynamically (Swift's exclusivity checking), innermost first, into `out`, at
/// most `capacity` of them. Returns how many were found (possibly more than `capacity`), or
/// `SIZE_MAX` when the runtime's access record did not have the layout expected.
size_t reclaim_in_progress_accesses(void *_Nullable *_Nonnull out, size_t capacity);

/// Checks the layout `reclaim_in_progress_accesses` relies on with two nested accesses of its
/// own; returns whether it holds.
bool reclaim_probe_access_records(void);

/// How many releases of Reclaim-hooked objects are in progress on the calling thread (see
/// `reclaim_install_release_hook`): user code that runs while it is above zero runs inside an
/// ARC release (a `deinit`, a `finalize()`, a weak reference callback).
extern _Thread_local uint32_t reclaim_release_depth;

static inline uint32_t reclaim_get_release_depth(void) {
    return reclaim_release_depth;
}

static inline void reclaim_enter_release(void) {
    reclaim_release_depth += 1;
}

static inline void reclaim_exit_release(void) {
    reclaim_release_depth -= 1;
}

/// The reference scan of the collection running on the calling thread while it calls
/// `traverse(_:)`, or NULL (see `ReferenceScan`).
extern _Thread_local void *_Nullable reclaim_current_scan;

static inline void *_Nullable reclaim_get_current_scan(void) {
    return reclaim_current_scan;
}

static inline void reclaim_set_current_scan(void *_Nullable scan) {
    reclaim_current_scan = scan;
}

/// The heap that `GCObject.init()` tracks new objects in on the calling thread: the heap of
/// an enclosing `Heap.withCurrent` scope, or the thread's default heap once the thread was
/// found allowed to use it, or NULL (then `GCObject.init()` decides).
extern _Thread_local void *_Nullable reclaim_creation_heap;

static inline void *_Nullable reclaim_get_creation_heap(void) {
    return reclaim_creation_heap;
}

static inline void reclaim_set_creation_heap(void *_Nullable heap) {
    reclaim_creation_heap = heap;
}

/// How many `Heap.withCurrent` scopes bound to a task exist in the process. While there are
/// any, `GCObject.init()` asks the task for its scoped heap instead of using
/// `reclaim_creation_heap` (a task can resume on a thread whose creation heap is another).
extern uint32_t reclaim_task_scopes;

static inline void reclaim_enter_task_scope(void) {
    __atomic_fetch_add(&reclaim_task_scopes, 1, __ATOMIC_RELAXED);
}

static inline void reclaim_exit_task_scope(void) {
    __atomic_fetch_sub(&reclaim_task_scopes, 1, __ATOMIC_RELAXED);
}

/// Whether any task-bound scope exists (see `reclaim_task_scopes`).
static inline bool reclaim_has_task_scopes(void) {
    return __atomic_load_n(&reclaim_task_scopes, __ATOMIC_RELAXED) != 0;
}

/// `reclaim_creation_heap`, or NULL while task-bound scopes exist (see `reclaim_task_scopes`).
static inline void *_Nullable reclaim_get_fast_creation_heap(void) {
    if (__atomic_load_n(&reclaim_task_scopes, __ATOMIC_RELAXED) != 0) {
        return NULL;
    }
    return reclaim_creation_heap;
}

static inline void reclaim_set_refcount_word_verified(bool verified) {
    reclaim_refcount_word_verified = verified;
}

static inline void reclaim_set_side_table_word_verified(bool verified) {
    reclaim_side_table_word_verified = verified;
}

/// Whether the calling thread is the process's main thread (Linux: its thread id is the
/// process id). One system call per thread, then a thread-local read.
bool reclaim_is_main_thread(void);

/// The Concurrency runtime's entry point for the task running on the calling thread (a
/// thread-local read; NULL outside tasks): `AsyncTask *swift_task_getCurrent(void)`, Swift
/// calling convention, exported by libswift_Concurrency (checked on Swift 6.3.1).
extern __attribute__((swiftcall)) void *_Nullable swift_task_getCurrent(void);

/// The current task's address, or 0 outside tasks: what `withUnsafeCurrentTask` gives,
/// without its closure and optional copies.
static inline uintptr_t reclaim_current_task(void) {
    return (uintptr_t)swift_task_getCurrent();
}

/// Strips the case tag from the enum value at `value` in place and leaves its payload there,
/// with the value witness `destructiveProjectEnumData` of the enum type `metadata` (the enum
/// value witness table follows the value witness table; the function is at byte offset 96).
/// `value` must be a bitwise copy that is never destroyed. Returns false on platforms whose
/// layout is not verified.
bool reclaim_project_enum_payload(void *_Nonnull value, const void *_Nonnull metadata);

/// The allocator's usable size of a heap block (glibc `malloc_usable_size`).
size_t reclaim_malloc_usable_size(void *_Nullable pointer);

/// Whether `address` lies in the mapped segments of the executable or a loaded shared library
/// (glibc `dladdr`), as statically emitted Swift objects do, rather than in a malloc block.
bool reclaim_is_in_loaded_image(const void *_Nonnull address);

/// A number that identifies the calling thread for as long as it runs (`pthread_self`).
static inline uintptr_t reclaim_current_thread_id(void) {
    return (uintptr_t)pthread_self();
}

/// Asks the CPU to start loading the cache line at `address` (GCC/Clang `__builtin_prefetch`).
static inline void reclaim_prefetch(const void *_Nonnull address) {
    __builtin_prefetch(address);
}

/// The calling thread's default heap (an unretained `Heap`), or NULL. A C thread-local: one
/// load, where `pthread_getspecific` would be a call.
extern _Thread_local void *_Nullable reclaim_thread_heap;

static inline void *_Nullable reclaim_get_thread_heap(void) {
    return reclaim_thread_heap;
}

static inline void reclaim_set_thread_heap(void *_Nullable heap) {
    reclaim_thread_heap = heap;
}

/// The identifier of the calling thread's default heap, or 0.
extern _Thread_local uint32_t reclaim_thread_heap_id;

static inline uint32_t reclaim_get_thread_heap_id(void) {
    return reclaim_thread_heap_id;
}

static inline void reclaim_set_thread_heap_id(uint32_t id) {
    reclaim_thread_heap_id = id;
}

/// The heap whose collection is clearing garbage on this thread, if any (see
/// `Heap.clearAndRelease`): weak reference callbacks that cannot tell whether they are garbage
/// wait for the end of the clearing.
extern _Thread_local void *_Nullable reclaim_clearing_heap;

static inline void *_Nullable reclaim_get_clearing_heap(void) {
    return reclaim_clearing_heap;
}

static inline void reclaim_set_clearing_heap(void *_Nullable heap) {
    reclaim_clearing_heap = heap;
}

/// The heap identifier → heap address table, allocated once by `reclaim_heap_table_create`.
/// A C global, so reading it costs no lazy-initialization check (a Swift global would).
extern void *_Nullable *_Nullable reclaim_heap_table;

/// Allocates the table with `capacity` null entries, once; later calls do nothing.
void reclaim_heap_table_create(size_t capacity);

static inline void *_Nullable reclaim_heap_at(uint32_t id) {
    return reclaim_heap_table[id];
}

static inline void reclaim_heap_table_set(uint32_t id, void *_Nullable heap) {
    reclaim_heap_table[id] = heap;
}

/// The function the finalizing destroy trampoline calls with a dying object before the
/// class's own deallocating deinit runs (Reclaim's `GCObject` finalization hook).
typedef void (*reclaim_finalize_hook_fn)(void *_Nonnull object);

/// Where one overridable `GCObject` method sits in class metadata: the byte offset of its
/// v-table entry (0 when it could not be located) and `GCObject`'s own entry there. A class
/// whose entry differs overrides the method.
typedef struct {
    size_t offset;
    uintptr_t base_entry;
} reclaim_vtable_entry;

/// `GCObject.finalize()`'s entry. Unlocated, every class is treated as overriding it.
extern reclaim_vtable_entry reclaim_finalize_entry;

/// `GCObject.traverse(_:)`'s entry. A class that keeps `GCObject`'s never reports a reference,
/// so its instances need no tracking; unlocated, every object is tracked.
extern reclaim_vtable_entry reclaim_traverse_entry;

/// Whether the class of the Swift object at `object` overrides the method `entry` describes.
static inline bool reclaim_class_overrides(const reclaim_vtable_entry *_Nonnull entry, const void *_Nonnull object) {
    if (entry->offset == 0) {
        return true;
    }
    const char *metadata = *(const char *const *)object;
    return *(const uintptr_t *)(metadata + entry->offset) != entry->base_entry;
}

/// Records where `GCObject.finalize()`'s entry is; called once, before any object is tracked.
static inline void reclaim_set_finalize_entry(size_t offset, uintptr_t base_entry) {
    reclaim_finalize_entry = (reclaim_vtable_entry){offset, base_entry};
}

/// Records where `GCObject.traverse(_:)`'s entry is; called once, before any object is tracked.
static inline void reclaim_set_traverse_entry(size_t offset, uintptr_t base_entry) {
    reclaim_traverse_entry = (reclaim_vtable_entry){offset, base_entry};
}

/// Whether the class of the Swift object at `object` overrides `GCObject.finalize()`.
static inline bool reclaim_overrides_finalize(const void *_Nonnull object) {
    return reclaim_class_overrides(&reclaim_finalize_entry, object);
}

/// Whether the class of the Swift object at `object` overrides `GCObject.traverse(_:)`.
static inline bool reclaim_overrides_traverse(const void *_Nonnull object) {
    return reclaim_class_overrides(&reclaim_traverse_entry, object);
}

/// Whether `GCObject.traverse(_:)`'s entry has been located (by the start-up probes).
static inline bool reclaim_traverse_entry_located(void) {
    return reclaim_traverse_entry.offset != 0;
}

/// The destroy function Reclaim installs in the metadata of classes that override `finalize()`.
extern const void *_Nonnull const reclaim_finalizing_destroy_address;

/// Whether the class of `object` already has Reclaim's destroy function.
static inline bool reclaim_class_has_release_hook(const void *_Nonnull object) {
#if RECLAIM_NATIVE_LAYOUT
    const char *metadata = *(const char *const *)object;
    // Atomic (relaxed) because another thread may be installing it right now.
    return __atomic_load_n((const void *const *)(metadata - 16), __ATOMIC_RELAXED) == reclaim_finalizing_destroy_address;
#else
    (void)object;
    return true;
#endif
}

/// Installs Reclaim's destroy function in the metadata of `object`'s class (once per class,
/// thread-safe) and records `hook` as the function it calls for classes that override
/// `finalize()`. Every release of an instance then counts in `reclaim_release_depth` while
/// the class's deinitializers run. Returns false when the class table is full or the platform's
/// layout is not verified (the class then neither finalizes nor counts on release).
bool reclaim_install_release_hook(const void *_Nonnull object, reclaim_finalize_hook_fn _Nonnull hook);

// MARK: - Reading any Swift object's references (see `RuntimeShims+Metadata.swift`)

/// What `swift_reflectionMirror_recursiveChildMetadata` reports about one stored property
/// (SwiftShims' `_FieldReflectionMetadata`, Swift 6.3.1): its name (free it with `free_name`
/// when that is set), whether it is held strongly (false for `weak`, `unowned` and
/// `unowned(unsafe)`), and whether it is a `var`.
typedef struct {
    const char *_Nullable name;
    void (*_Nullable free_name)(const char *_Nullable name);
    bool is_strong;
    bool is_var;
} reclaim_field_reflection;

/// The number of stored properties of a class (its superclasses' included), struct or tuple
/// type (libswiftCore, Swift calling convention; checked on Swift 6.3.1).
extern __attribute__((swiftcall)) intptr_t swift_reflectionMirror_recursiveCount(const void *_Nonnull type);

/// The byte offset of stored property `index` of `type` (superclass properties first).
extern __attribute__((swiftcall)) intptr_t swift_reflectionMirror_recursiveChildOffset(
    const void *_Nonnull type, intptr_t index);

/// The type metadata of stored property `index` of `type`, with its name and ownership.
extern __attribute__((swiftcall)) const void *_Nonnull swift_reflectionMirror_recursiveChildMetadata(
    const void *_Nonnull type, intptr_t index, reclaim_field_reflection *_Nonnull field);

/// The type metadata a mangled type name denotes, resolved in `context` (a type context
/// descriptor) with its generic `arguments`; NULL when it cannot be resolved (libswiftCore,
/// Swift calling convention; checked on Swift 6.3.1).
extern __attribute__((swiftcall)) const void *_Nullable swift_getTypeByMangledNameInContext(
    const char *_Nonnull name, size_t length, const void *_Nullable context,
    const void *_Nullable const *_Nullable arguments);

/// The case index of the enum value at `value` (the enum value witness `getEnumTag`, at byte
/// offset 88 of the value witness table; payload cases first). Returns UINT32_MAX on platforms
/// whose layout is not verified.
uint32_t reclaim_enum_tag(const void *_Nonnull value, const void *_Nonnull metadata);

#endif
