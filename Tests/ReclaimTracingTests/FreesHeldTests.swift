import Glibc
import ReclaimTestSupport
import ReclaimTracing
import Testing

/// `withFreesHeld` keeps freed blocks allocated until it returns, so a walk over listed
/// objects never reads memory that another thread freed and the allocator handed out again.
@Suite(.serialized, .exclusiveTracing, .enabled(if: AllocationTracer.isAvailable))
struct FreesHeldTests {
    @Test func aBlockFreedWhileFreesAreHeldIsNotHandedOutAgain() throws {
        let session = try AllocationTracer.retainTracing(frames: 1)
        defer { AllocationTracer.releaseTracing(session) }
        // glibc's per-thread cache hands a freed block back to the next request of its size,
        // so without holding, one of these would be the block freed.
        AllocationTracer.withFreesHeld {
            guard let held = malloc(40) else { return }
            free(held)
            let later = (0..<100).map { _ in malloc(40) }
            #expect(!later.contains(held), "the held block is still allocated")
            for block in later { free(block) }
        }
        #expect(AllocationTracer.liveObjects(allocatedSince: session.firstSerial) != nil)
    }

    @Test func withoutHoldingTheBlockIsReused() throws {
        let session = try AllocationTracer.retainTracing(frames: 1)
        defer { AllocationTracer.releaseTracing(session) }
        // A freed block goes to glibc's per-thread cache, unless that cache is full: then it
        // goes to the shared lists of the arena it came from, which other threads allocate from
        // and free to as well. After one try the cache has room (the try took a block out of it
        // and returned one), so a second try is handed its block back from this thread's cache.
        let tries = (0..<5).map { _ -> Bool in
            guard let freed = malloc(40) else { return false }
            free(freed)
            let later = (0..<100).map { _ in malloc(40) }
            defer { for block in later { free(block) } }
            return later.contains(freed)
        }
        #expect(tries.contains(true), "glibc hands the freed block out again")
    }

    @Test func aBlockReallocatedWhileFreesAreHeldKeepsItsOldBlockAndItsBytes() throws {
        let session = try AllocationTracer.retainTracing(frames: 1)
        defer { AllocationTracer.releaseTracing(session) }
        AllocationTracer.withFreesHeld {
            guard let old = malloc(40) else { return }
            old.storeBytes(of: 0x5EED, as: Int.self)
            guard let grown = realloc(old, 4_000) else { return }
            #expect(grown != old)
            #expect(grown.load(as: Int.self) == 0x5EED, "the bytes moved")
            let later = (0..<100).map { _ in malloc(40) }
            #expect(!later.contains(old), "the old block is still allocated")
            for block in later { free(block) }
            free(grown)
        }
    }
}
