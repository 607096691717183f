#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A started POSIX thread that can be joined: a plain thread outside Swift concurrency, the
/// setting the `GC` namespace and default heaps are made for.
final class TestThread {
    private var handle: pthread_t

    init(_ body: @escaping @Sendable () -> Void) {
        final class Box {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        #if canImport(Glibc)
            var handle = pthread_t()
        #else
            var handle: pthread_t?
        #endif
        let status = pthread_create(
            &handle,
            nil,
            { context in
                guard let context else { return nil }
                Unmanaged<Box>.fromOpaque(context).takeRetainedValue().body()
                return nil
            },
            context
        )
        precondition(status == 0, "pthread_create failed: \(status)")
        #if canImport(Glibc)
            self.handle = handle
        #else
            self.handle = handle!
        #endif
    }

    func join() {
        pthread_join(handle, nil)
    }
}
