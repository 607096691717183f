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
