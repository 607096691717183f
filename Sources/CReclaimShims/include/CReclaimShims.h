#ifndef CRECLAIM_SHIMS_H
#define CRECLAIM_SHIMS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/// Strong retain count of a native Swift object (`swift_retainCount`, exported by libswiftCore).
extern size_t swift_retainCount(void *_Nonnull object);

/// Whether a native Swift object has started deinitialization (`swift_isDeallocating`).
extern bool swift_isDeallocating(void *_Nonnull object);

/// The allocator's usable size of a heap block (glibc `malloc_usable_size`).
size_t reclaim_malloc_usable_size(void *_Nullable pointer);

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

/// Byte offset of `GCObject.finalize()`'s v-table entry in class metadata, or 0 when it could
/// not be located (then every class is treated as overriding it).
extern size_t reclaim_finalize_slot_offset;

/// The v-table entry of `GCObject.finalize()` itself: a class whose entry differs overrides it.
extern uintptr_t reclaim_base_finalize_entry;

/// Records where `GCObject.finalize()`'s entry is; called once, before any object is tracked.
static inline void reclaim_set_finalize_entry(size_t offset, uintptr_t entry) {
    reclaim_base_finalize_entry = entry;
    reclaim_finalize_slot_offset = offset;
}

/// Whether the class of the Swift object at `object` overrides `GCObject.finalize()`.
static inline bool reclaim_overrides_finalize(const void *_Nonnull object) {
    const char *metadata = *(const char *const *)object;
    if (reclaim_finalize_slot_offset == 0) {
        return true;
    }
    return *(const uintptr_t *)(metadata + reclaim_finalize_slot_offset) != reclaim_base_finalize_entry;
}

/// Byte offset of `GCObject.traverse(_:)`'s v-table entry in class metadata, or 0 when it could
/// not be located (then every class is treated as overriding it, and every object is tracked).
extern size_t reclaim_traverse_slot_offset;

/// The v-table entry of `GCObject.traverse(_:)` itself: a class whose entry is the same never
/// reports a reference, so its instances need no tracking.
extern uintptr_t reclaim_base_traverse_entry;

/// Records where `GCObject.traverse(_:)`'s entry is; called once, before any object is tracked.
static inline void reclaim_set_traverse_entry(size_t offset, uintptr_t entry) {
    reclaim_base_traverse_entry = entry;
    reclaim_traverse_slot_offset = offset;
}

/// Whether the class of the Swift object at `object` overrides `GCObject.traverse(_:)`.
static inline bool reclaim_overrides_traverse(const void *_Nonnull object) {
    const char *metadata = *(const char *const *)object;
    if (reclaim_traverse_slot_offset == 0) {
        return true;
    }
    return *(const uintptr_t *)(metadata + reclaim_traverse_slot_offset) != reclaim_base_traverse_entry;
}

/// The destroy function Reclaim installs in the metadata of classes that override `finalize()`.
extern const void *_Nonnull const reclaim_finalizing_destroy_address;

/// Whether the class of `object` already runs `finalize()` when ARC frees an instance.
static inline bool reclaim_class_finalizes_on_release(const void *_Nonnull object) {
    const char *metadata = *(const char *const *)object;
    // Atomic (relaxed) because another thread may be installing it right now.
    return __atomic_load_n((const void *const *)(metadata - 16), __ATOMIC_RELAXED) == reclaim_finalizing_destroy_address;
}

/// Installs the finalizing destroy function in the metadata of `object`'s class (once per
/// class, thread-safe) and records `hook` as the function it calls. Returns false when the
/// class table is full (the class then does not finalize on release).
bool reclaim_install_finalizing_destroy(const void *_Nonnull object, reclaim_finalize_hook_fn _Nonnull hook);

#endif
