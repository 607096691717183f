import Reclaim

/// What ``deepSize(_:)`` counted, by kind and by type, like Pympler's `asized` detail.
///
/// ```swift
/// let report = DeepSizeReport(measuring: [document])
/// print(report.totalBytes, report.byType["Paragraph"]?.bytes ?? 0)
/// ```
///
/// # Thread safety
/// Building a report calls `traverse(_:)` on the objects it reaches: build it where their
/// heap is used. The finished report is a plain value.
public struct DeepSizeReport: Sendable, Equatable {
    /// The bytes and the number of allocations counted for one type.
    public struct Usage: Sendable, Equatable {
        /// How many objects or buffers of the type were counted.
        public var count: Int
        /// Their total size in bytes.
        public var bytes: Int

        /// A usage of `count` allocations totalling `bytes`.
        public init(count: Int, bytes: Int) {
            self.count = count
            self.bytes = bytes
        }
    }

    /// Everything counted: ``objectBytes`` plus ``storageBytes``.
    public var totalBytes: Int { objectBytes + storageBytes }

    /// How many class instances were counted.
    public internal(set) var objectCount = 0

    /// The bytes of the class instances counted, each by ``sizeof(_:)``.
    public internal(set) var objectBytes = 0

    /// How many collection and string buffers were counted.
    public internal(set) var storageCount = 0

    /// The bytes of the collection and string buffers counted, by allocator size.
    public internal(set) var storageBytes = 0

    /// Usage per type: a class's short name for objects (`Paragraph`), the collection's type
    /// for buffers (`Array<Int>`, `Dictionary<String, Node>`, `String`).
    public internal(set) var byType: [String: Usage] = [:]

    /// Measures `objects` and everything ``deepSize(_:)`` counts for them.
    ///
    /// - Complexity: O(*n* + *s*), as ``deepSize(_:)``.
    public init(measuring objects: [AnyObject]) {
        var measurer = DeepSizeMeasurer()
        for object in objects { measurer.measure(object) }
        self = measurer.report
    }

    init() {}

    mutating func add(typeName: String, bytes: Int, isStorage: Bool) {
        if isStorage {
            storageCount += 1
            storageBytes += bytes
        } else {
            objectCount += 1
            objectBytes += bytes
        }
        byType[typeName, default: Usage(count: 0, bytes: 0)].count += 1
        byType[typeName, default: Usage(count: 0, bytes: 0)].bytes += bytes
    }
}
