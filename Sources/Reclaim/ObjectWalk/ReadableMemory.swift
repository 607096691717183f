#if canImport(Glibc)
    import Glibc
#endif

/// The address ranges of the process that can be read, from `/proc/self/maps`, so that a
/// word that may or may not be a pointer is dereferenced only when that cannot fault.
///
/// The map is read when created and again, up to four times, when an address is not found
/// (memory mapped since); after that, memory mapped later counts as unreadable, which only
/// leaves objects there unrecognized. Lookups are binary searches.
///
/// # Thread safety
/// A value used by one thread; memory unmapped by another thread after the map was read can
/// still fault, so use it on memory that is not being freed concurrently.
struct ReadableMemory {
    private var ranges: [Range<UInt>] = []
    private var refreshesLeft = 4

    init() {
        ranges = Self.readMaps()
    }

    /// Whether `byteCount` bytes from `address` lie in one readable mapping.
    mutating func contains(_ address: UInt, byteCount: Int) -> Bool {
        let end = address &+ UInt(byteCount)
        guard end > address else { return false }
        if find(address, end) { return true }
        guard refreshesLeft > 0 else { return false }
        refreshesLeft -= 1
        ranges = Self.readMaps()
        return find(address, end)
    }

    private func find(_ address: UInt, _ end: UInt) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound <= address { low = middle + 1 } else { high = middle }
        }
        return low < ranges.count && ranges[low].lowerBound <= address && end <= ranges[low].upperBound
    }

    /// The readable mappings, merged where adjacent, sorted. Empty where `/proc` is missing:
    /// then nothing is readable and nothing is recognized.
    private static func readMaps() -> [Range<UInt>] {
        #if os(Linux)
            guard let file = fopen("/proc/self/maps", "r") else { return [] }
            defer { fclose(file) }
            var result: [Range<UInt>] = []
            var line = [CChar](repeating: 0, count: 4096)
            while fgets(&line, Int32(line.count), file) != nil {
                let length = line.firstIndex(of: 0) ?? line.count
                let text = String(decoding: line[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                let fields = text.split(separator: " ", maxSplits: 2)
                guard fields.count >= 2, fields[1].first == "r" else { continue }
                let bounds = fields[0].split(separator: "-")
                guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16)
                else { continue }
                if let last = result.last, last.upperBound == start {
                    result[result.count - 1] = last.lowerBound..<end
                } else {
                    result.append(start..<end)
                }
            }
            return result.sorted { $0.lowerBound < $1.lowerBound }
        #else
            return []
        #endif
    }
}
