#include "CReclaimShims.h"

#include <stdlib.h>
#if defined(__APPLE__)
#include <malloc/malloc.h>
#else
#include <malloc.h>
#endif

_Thread_local void *reclaim_thread_heap = NULL;

_Thread_local uint32_t reclaim_thread_heap_id = 0;

void **reclaim_heap_table = NULL;

static pthread_once_t table_once = PTHREAD_ONCE_INIT;
static size_t table_capacity = 0;

static void allocate_table(void) {
    reclaim_heap_table = calloc(table_capacity, sizeof(void *));
    if (reclaim_heap_table == NULL) {
        abort();
    }
}

void reclaim_heap_table_create(size_t capacity) {
    table_capacity = capacity;
    pthread_once(&table_once, allocate_table);
}

size_t reclaim_malloc_usable_size(void *pointer) {
#if defined(__APPLE__)
    return malloc_size(pointer);
#else
    return malloc_usable_size(pointer);
#endif
}
