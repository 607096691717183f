#ifndef CRECLAIM_SHIMS_H
#define CRECLAIM_SHIMS_H

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
uintptr_t reclaim_current_thread_id(void);

#endif
