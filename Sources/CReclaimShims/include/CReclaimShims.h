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

#endif
