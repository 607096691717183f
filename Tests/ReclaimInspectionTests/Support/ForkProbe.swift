#if canImport(Glibc)
    import Glibc
#endif

/// Fork handlers that allocate, registered once, after the tracer's own: the prepare handler
/// runs before the tracer takes its locks, the parent and child handlers after it releases
/// them, and all of them call malloc and free on the forking thread.
private let allocatingForkHandlers: Int32 = pthread_atfork(
    { free(malloc(64)) },
    { free(malloc(64)) },
    { free(malloc(64)) }
)

/// Forks with the allocating handlers registered; the child exits at once. Returns the
/// child's wait status (0 for a normal exit with status 0).
func forkAndWaitWithAllocatingHandlers() -> Int32 {
    precondition(allocatingForkHandlers == 0, "pthread_atfork failed: \(allocatingForkHandlers)")
    let child = fork()
    if child == 0 { _exit(0) }
    var status: Int32 = -1
    waitpid(child, &status, 0)
    return status
}
