internal import CReclaimTracing
import Reclaim

extension AllocationTracer {
    /// A live traced heap block that holds a Swift object.
    package struct LiveObject {
        /// The object's address (the start of its block).
        package var address: UnsafeRawPointer
        /// The bytes requested for the block.
        package var size: Int
        /// The allocation's serial number (see `allocationSerial(of:)`).
        package var serial: UInt64
    }

    /// What is allocating on the calling thread right now: the running task, or outside
    /// tasks the thread. Every traced block records the origin that allocated it.
    package static var currentOrigin: UInt { reclaim_tracing_current_origin() }

    /// The Swift heap objects (class instances, closure contexts, boxes, collection storage)
    /// among the live traced blocks allocated with a serial of at least `firstSerial` (and,
    /// when `origin` is given, by that task or thread), in allocation order; told from raw
    /// blocks by their metadata (`HeapObjectRecognizer`).
    ///
    /// The blocks are listed under the tracer's lock and then read without it: call this
    /// while no other thread frees objects, or the blocks it frees may be read after.
    ///
    /// - Returns: nil when not tracing, or when the copy of the traces could not be allocated.
    /// - Complexity: O(*b*) in the live traced blocks.
    package static func liveObjects(allocatedSince firstSerial: UInt64, by origin: UInt? = nil) -> [LiveObject]? {
        withTracingSuspended {
            var copy = reclaim_trace_copy()
            var outOfMemory = false
            guard reclaim_tracing_copy(&copy, &outOfMemory) else { return nil }
            defer { reclaim_tracing_free_copy(&copy) }
            var recognizer = HeapObjectRecognizer()
            var objects: [LiveObject] = []
            for trace in UnsafeBufferPointer(start: copy.traces, count: copy.trace_count)
            where trace.serial >= firstSerial && (origin == nil || UInt(trace.origin) == origin) {
                guard let address = UnsafeRawPointer(bitPattern: trace.address),
                    recognizer.isSwiftObject(at: address, blockSize: trace.size)
                else { continue }
                objects.append(LiveObject(address: address, size: trace.size, serial: trace.serial))
            }
            return objects.sorted { $0.serial < $1.serial }
        }
    }
}
