#ifndef CRECLAIM_FORK_PROBE_H
#define CRECLAIM_FORK_PROBE_H

/// Forks; the child exits at once with status 0. Returns the child's wait status, or -1 when
/// fork failed. Fork handlers that call malloc and free were registered when the image loaded,
/// before the allocation tracer's own.
int reclaim_fork_probe_fork_and_wait(void);

#endif
