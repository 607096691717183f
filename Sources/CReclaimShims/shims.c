#define _GNU_SOURCE
#include "CReclaimShims.h"

#include <dlfcn.h>

#include <stdlib.h>
#if defined(__APPLE__)
#include <malloc/malloc.h>
#else
#include <malloc.h>
#endif

_Thread_local void *reclaim_thread_heap = NULL;

_Thread_local uint32_t reclaim_thread_heap_id = 0;
_Thread_local void *reclaim_clearing_heap = NULL;

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

reclaim_vtable_entry reclaim_finalize_entry = {0, 0};
reclaim_vtable_entry reclaim_traverse_entry = {0, 0};

/// The heap-metadata destroy function type (Swift 6.3.1 `HeapObjectDestroyer`): Swift calling
/// convention, the object in the context register.
typedef __attribute__((swiftcall)) void (*destroy_function)(__attribute__((swift_context)) void *object);

/// Classes whose destroy function was replaced, with the original: open addressing keyed by
/// metadata address. Entries are written under `classes_lock` and never removed; readers on
/// any thread load the key with acquire ordering after the writer published the value.
#define FINALIZING_CLASS_CAPACITY 65536
static const void *class_keys[FINALIZING_CLASS_CAPACITY];
static destroy_function class_destroys[FINALIZING_CLASS_CAPACITY];
static size_t class_count = 0;
static pthread_mutex_t classes_lock = PTHREAD_MUTEX_INITIALIZER;
static reclaim_finalize_hook_fn finalize_hook = NULL;

static size_t class_slot(const void *metadata) {
    return ((uintptr_t)metadata >> 4) * 0x9E3779B97F4A7C15ull >> 48;
}

static destroy_function original_destroy(const void *metadata) {
    for (size_t slot = class_slot(metadata);; slot = (slot + 1) & (FINALIZING_CLASS_CAPACITY - 1)) {
        const void *key = __atomic_load_n(&class_keys[slot], __ATOMIC_ACQUIRE);
        if (key == metadata) {
            return class_destroys[slot];
        }
        if (key == NULL) {
            abort();
        }
    }
}

static __attribute__((swiftcall)) void finalizing_destroy(__attribute__((swift_context)) void *object) {
    const void *metadata = *(const void *const *)object;
    destroy_function original = original_destroy(metadata);
    __atomic_load_n(&finalize_hook, __ATOMIC_ACQUIRE)(object);
    original(object);
}

const void *const reclaim_finalizing_destroy_address = (const void *)finalizing_destroy;

bool reclaim_install_finalizing_destroy(const void *object, reclaim_finalize_hook_fn hook) {
    const char *metadata = *(const char *const *)object;
    destroy_function *destroy = (destroy_function *)(metadata - 16);
    bool installed = true;
    pthread_mutex_lock(&classes_lock);
    __atomic_store_n(&finalize_hook, hook, __ATOMIC_RELEASE);
    if (*destroy != finalizing_destroy) {
        if (class_count >= FINALIZING_CLASS_CAPACITY / 2) {
            installed = false;
        } else {
            size_t slot = class_slot(metadata);
            while (__atomic_load_n(&class_keys[slot], __ATOMIC_RELAXED) != NULL) {
                slot = (slot + 1) & (FINALIZING_CLASS_CAPACITY - 1);
            }
            class_destroys[slot] = *destroy;
            __atomic_store_n(&class_keys[slot], (const void *)metadata, __ATOMIC_RELEASE);
            class_count += 1;
            __atomic_store_n(destroy, finalizing_destroy, __ATOMIC_RELEASE);
        }
    }
    pthread_mutex_unlock(&classes_lock);
    return installed;
}

bool reclaim_is_in_loaded_image(const void *address) {
    Dl_info info;
    return dladdr(address, &info) != 0;
}
