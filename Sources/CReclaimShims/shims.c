#define _GNU_SOURCE
#include "CReclaimShims.h"

#include <dlfcn.h>
#include <unistd.h>

#include <stdlib.h>
#if defined(__APPLE__)
#include <malloc/malloc.h>
#else
#include <malloc.h>
#endif

_Thread_local void *reclaim_thread_heap = NULL;

_Thread_local uint32_t reclaim_thread_heap_id = 0;
_Thread_local void *reclaim_clearing_heap = NULL;
_Thread_local uint32_t reclaim_release_depth = 0;
_Thread_local void *reclaim_current_scan = NULL;
_Thread_local void *reclaim_creation_heap = NULL;
bool reclaim_refcount_word_verified = false;
bool reclaim_side_table_word_verified = false;
uint32_t reclaim_task_scopes = 0;

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

#if RECLAIM_NATIVE_LAYOUT

/// Classes whose destroy function was replaced, with the original: open addressing keyed by
/// metadata address. Entries are written under `classes_lock` and never removed; readers on
/// any thread load the key with acquire ordering after the writer published the value.
#define HOOKED_CLASS_CAPACITY 65536
static const void *class_keys[HOOKED_CLASS_CAPACITY];
static destroy_function class_destroys[HOOKED_CLASS_CAPACITY];
static size_t class_count = 0;
static pthread_mutex_t classes_lock = PTHREAD_MUTEX_INITIALIZER;
static reclaim_finalize_hook_fn finalize_hook = NULL;

static size_t class_slot(const void *metadata) {
    return ((uintptr_t)metadata >> 4) * 0x9E3779B97F4A7C15ull >> 48;
}

static destroy_function original_destroy(const void *metadata) {
    for (size_t slot = class_slot(metadata);; slot = (slot + 1) & (HOOKED_CLASS_CAPACITY - 1)) {
        const void *key = __atomic_load_n(&class_keys[slot], __ATOMIC_ACQUIRE);
        if (key == metadata) {
            return class_destroys[slot];
        }
        if (key == NULL) {
            abort();
        }
    }
}

/// The class whose instance this thread freed last, with its original destroy function and
/// whether it overrides `finalize()`: most frees in a row are of one class, and a hit costs
/// two thread-local loads instead of the table lookup.
static _Thread_local const void *last_metadata = NULL;
static _Thread_local destroy_function last_original = NULL;
static _Thread_local bool last_finalizes = false;

/// Replaces a hooked class's destroy function: counts the release in `reclaim_release_depth`
/// while the class's deinitializers run, and first runs the finalize hook when the class
/// overrides `finalize()`.
static __attribute__((swiftcall)) void hooked_destroy(__attribute__((swift_context)) void *object) {
    const void *metadata = *(const void *const *)object;
    destroy_function original;
    bool finalizes;
    if (metadata == last_metadata) {
        original = last_original;
        finalizes = last_finalizes;
    } else {
        original = original_destroy(metadata);
        finalizes = reclaim_overrides_finalize(object);
        last_metadata = metadata;
        last_original = original;
        last_finalizes = finalizes;
    }
    reclaim_release_depth += 1;
    if (finalizes) {
        __atomic_load_n(&finalize_hook, __ATOMIC_ACQUIRE)(object);
    }
    original(object);
    reclaim_release_depth -= 1;
}

const void *const reclaim_finalizing_destroy_address = (const void *)hooked_destroy;

bool reclaim_install_release_hook(const void *object, reclaim_finalize_hook_fn hook) {
    const char *metadata = *(const char *const *)object;
    destroy_function *destroy = (destroy_function *)(metadata - 16);
    bool installed = true;
    pthread_mutex_lock(&classes_lock);
    __atomic_store_n(&finalize_hook, hook, __ATOMIC_RELEASE);
    if (*destroy != hooked_destroy) {
        if (class_count >= HOOKED_CLASS_CAPACITY / 2) {
            installed = false;
        } else {
            size_t slot = class_slot(metadata);
            while (__atomic_load_n(&class_keys[slot], __ATOMIC_RELAXED) != NULL) {
                slot = (slot + 1) & (HOOKED_CLASS_CAPACITY - 1);
            }
            class_destroys[slot] = *destroy;
            __atomic_store_n(&class_keys[slot], (const void *)metadata, __ATOMIC_RELEASE);
            class_count += 1;
            __atomic_store_n(destroy, hooked_destroy, __ATOMIC_RELEASE);
        }
    }
    pthread_mutex_unlock(&classes_lock);
    return installed;
}

#else

const void *const reclaim_finalizing_destroy_address = NULL;

bool reclaim_install_release_hook(const void *object, reclaim_finalize_hook_fn hook) {
    (void)object;
    (void)hook;
    return false;
}

#endif

// MARK: - Reference-count probe

extern void *swift_retain(void *object);
extern void swift_release(void *object);
extern void *swift_unownedRetain(void *object);
extern void swift_unownedRelease(void *object);

uint64_t reclaim_probe_refcount_word(const void *object) {
#if RECLAIM_NATIVE_LAYOUT
    return __atomic_load_n((const uint64_t *)((const char *)object + 8), __ATOMIC_SEQ_CST);
#else
    (void)object;
    return UINT64_MAX;
#endif
}

void reclaim_probe_retain(void *object) {
    swift_retain(object);
}

void reclaim_probe_release(void *object) {
    swift_release(object);
}

void reclaim_probe_unowned_retain(void *object) {
    swift_unownedRetain(object);
}

void reclaim_probe_unowned_release(void *object) {
    swift_unownedRelease(object);
}

// MARK: - Exclusivity records

/// `swift_beginAccess` and `swift_endAccess` (libswiftCore, C calling convention), which the
/// compiler calls around every dynamically enforced formal access. The buffer is the runtime's
/// `ValueBuffer` (three words), which it fills with an `Access` record: the accessed address,
/// the program counter, and the next record of the thread's access set tagged with the action
/// in bit 0 (Swift 6.3.1, `stdlib/public/runtime/ExclusivityPrivate.h`).
extern void swift_beginAccess(void *pointer, void *buffer, uintptr_t flags, void *pc);
extern void swift_endAccess(void *buffer);

/// `ExclusivityFlags`: a read (0) that the runtime tracks (`Tracking`, 0x20).
#define RECLAIM_TRACKED_READ ((uintptr_t)0x20)

static char access_probe_targets[2];

size_t reclaim_in_progress_accesses(void **out, size_t capacity) {
#if RECLAIM_NATIVE_LAYOUT
    void *record[3] = {NULL, NULL, NULL};
    swift_beginAccess(&access_probe_targets[0], record, RECLAIM_TRACKED_READ, NULL);
    if (record[0] != &access_probe_targets[0]) {
        swift_endAccess(record);
        return SIZE_MAX;
    }
    size_t found = 0;
    uintptr_t next = (uintptr_t)record[2] & ~(uintptr_t)1;
    while (next != 0) {
        void *const *access = (void *const *)next;
        if (found < capacity) {
            out[found] = access[0];
        }
        found += 1;
        next = (uintptr_t)access[2] & ~(uintptr_t)1;
    }
    swift_endAccess(record);
    return found;
#else
    (void)out;
    (void)capacity;
    return SIZE_MAX;
#endif
}

bool reclaim_probe_access_records(void) {
#if RECLAIM_NATIVE_LAYOUT
    void *outer[3] = {NULL, NULL, NULL};
    void *inner[3] = {NULL, NULL, NULL};
    swift_beginAccess(&access_probe_targets[0], outer, RECLAIM_TRACKED_READ, NULL);
    swift_beginAccess(&access_probe_targets[1], inner, RECLAIM_TRACKED_READ, NULL);
    bool linked = outer[0] == &access_probe_targets[0] && inner[0] == &access_probe_targets[1]
        && ((uintptr_t)inner[2] & ~(uintptr_t)1) == (uintptr_t)outer;
    void *seen[4] = {NULL, NULL, NULL, NULL};
    size_t count = linked ? reclaim_in_progress_accesses(seen, 4) : 0;
    swift_endAccess(inner);
    swift_endAccess(outer);
    return linked && count >= 2 && seen[0] == &access_probe_targets[1] && seen[1] == &access_probe_targets[0];
#else
    return false;
#endif
}

// MARK: - Threads and enums

bool reclaim_is_main_thread(void) {
#if defined(__linux__)
    // A thread's answer never changes: one system call per thread.
    static _Thread_local int answer = -1;
    if (answer < 0) {
        answer = gettid() == getpid();
    }
    return answer == 1;
#else
    return false;
#endif
}

/// The enum value witness `destructiveProjectEnumData(value, metadata)`: Swift calling
/// convention, two pointer arguments.
typedef __attribute__((swiftcall)) void (*project_enum_function)(void *value, const void *metadata);

bool reclaim_project_enum_payload(void *value, const void *metadata) {
#if RECLAIM_NATIVE_LAYOUT
    const char *witnesses = *(const char *const *)((const char *)metadata - 8);
    project_enum_function project = *(project_enum_function const *)(witnesses + 96);
    project(value, metadata);
    return true;
#else
    (void)value;
    (void)metadata;
    return false;
#endif
}

/// The enum value witness `getEnumTag(value, metadata)`: Swift calling convention.
typedef __attribute__((swiftcall)) uint32_t (*enum_tag_function)(const void *value, const void *metadata);

uint32_t reclaim_enum_tag(const void *value, const void *metadata) {
#if RECLAIM_NATIVE_LAYOUT
    const char *witnesses = *(const char *const *)((const char *)metadata - 8);
    enum_tag_function tag = *(enum_tag_function const *)(witnesses + 88);
    return tag(value, metadata);
#else
    (void)value;
    (void)metadata;
    return UINT32_MAX;
#endif
}

bool reclaim_is_in_loaded_image(const void *address) {
    Dl_info info;
    return dladdr(address, &info) != 0;
}
