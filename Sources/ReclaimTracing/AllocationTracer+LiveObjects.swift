internal import CReclaimTracing
import Reclaim

extension AllocationTracer {
    /// A live traced heap block that holds a Swift object.
    package struct LiveObject {
        /// The object's address (the start of its block).
        package var address: UnsafeRawPointer
        /// The usable bytes of the block (`malloc_usable_size`: at least what was requested;
        /// collection storage uses all of it).
        package var size: Int
        /// The allocation's serial number (see `allocationSerial(of:)`).
        package var serial: UInt64
    }

    /// What is allocating on the calling thread right now: the running task, or outside
    /// tasks the thread. Every traced block records the origin that allocated it.
    package static var currentOrigin: UInt { reclaim_tracing_current_origin() }

    /// Runs `body` with every `free` in the process held until it returns (the blocks are
    /// freed then): objects listed by `liveObjects(allocatedSince:by:)` can be read in `body`
    /// without another thread freeing them, and their memory being reused, under the reader.
    /// Objects deinitialized meanwhile keep their bytes. Nestable.
    package static func withFreesHeld<Result>(_ body: () throws -> Result) rethrows -> Result {
        reclaim_tracing_hold_frees()
        defer { reclaim_tracing_release_frees() }
        return try body()
    }

    /// The Swift heap objects (class instances, closure contexts, boxes, collection storage)
    /// among the live traced blocks allocated with a serial of at least `firstSerial` (and,
    /// when `origin` is given, by that task or thread), in allocation order; told from raw
    /// blocks by their metadata (`HeapObjectRecognizer`).
    ///
    /// Frees are held while the blocks are listed and recognized; to read the objects after,
    /// call this inside `withFreesHeld` and read them there, so that no other thread frees one
    /// before it is read.
    ///
    /// - Returns: nil when not tracing, or when the copy of the traces could not be allocated.
    /// - Complexity: O(*b*) in the live traced blocks.
    package static func liveObjects(allocatedSince firstSerial: UInt64, by origin: UInt? = nil) -> [LiveObject]? {
        // Frees are held while the blocks are read here, so that none is freed (and reused or
        // unmapped) between the copy of the traces and the read of its first word.
        withFreesHeld {
            withTracingSuspended { () -> [LiveObject]? in
                listObjects(allocatedSince: firstSerial, by: origin)
            }
        }
    }

    private static func listObjects(allocatedSince firstSerial: UInt64, by origin: UInt?) -> [LiveObject]? {
        var copy = reclaim_trace_copy()
        var outOfMemory = false
        guard reclaim_tracing_copy(&copy, &outOfMemory) else { return nil }
        defer { reclaim_tracing_free_copy(&copy) }
        var recognizer = HeapObjectRecognizer()
        var objects: [LiveObject] = []
        for trace in UnsafeBufferPointer(start: copy.traces, count: copy.trace_count)
        where trace.serial >= firstSerial && (origin == nil || UInt(trace.origin) == origin) {
            // Recognized within the size requested (an object's instance size fits in it),
            // then measured: collection storage uses the whole usable size.
            guard let address = UnsafeRawPointer(bitPattern: trace.address),
                recognizer.isSwiftObject(at: address, blockSize: trace.size)
            else { continue }
            let size = Swift.max(trace.size, RuntimeShims.heapBlockSize(ofObjectAt: address) ?? 0)
            objects.append(LiveObject(address: address, size: size, serial: trace.serial))
        }
        return objects.sorted { $0.serial < $1.serial }
    }
}
