#include "CReclaimForkProbe.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void allocate_and_free(void) {
    free(malloc(64));
}

// Priority 101 runs before the default-priority constructor that registers the tracer's
// handlers, so the prepare handler below runs after the tracer's has taken its locks (prepare
// handlers run in reverse order of registration): the case where a fork handler allocates
// while the tracer holds its lock.
__attribute__((constructor(101))) static void register_allocating_handlers(void) {
    pthread_atfork(allocate_and_free, allocate_and_free, allocate_and_free);
}

int reclaim_fork_probe_fork_and_wait(void) {
    pid_t child = fork();
    if (child == 0) {
        _exit(0);
    }
    if (child < 0) {
        return -1;
    }
    int status = -1;
    waitpid(child, &status, 0);
    return status;
}
