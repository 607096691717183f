#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value protected by a `pthread_mutex_t`.
///
/// Used instead of `Synchronization.Mutex` because that one blocks on a raw futex on Linux,
/// which ThreadSanitizer cannot see, so every correctly locked access was reported as a race;
/// pthread mutexes are intercepted by the sanitizer.
///
/// `@unchecked Sendable` is sound: every access to `value` happens inside `withLock`. For the
/// same reason `value` needs no dynamic exclusivity check, and has none: an access the runtime
/// tracks would stay in progress for the whole of `body`, where a collection (which runs under
/// a heap's lock) would find it among the accesses in progress (see `ReferenceScan`).
final class LockedValue<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    @exclusivity(unchecked)
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let status = pthread_mutex_init(mutex, nil)
        precondition(status == 0, "Reclaim: pthread_mutex_init failed with error \(status)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inline(__always)
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
