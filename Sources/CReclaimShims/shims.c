#include "CReclaimShims.h"

#include <malloc.h>
#include <pthread.h>

size_t reclaim_malloc_usable_size(void *pointer) {
    return malloc_usable_size(pointer);
}

uintptr_t reclaim_current_thread_id(void) {
    return (uintptr_t)pthread_self();
}
