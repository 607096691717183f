#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The resident memory of the current process, from Linux's `/proc`.
///
///     let (table, measurement) = try measureMemory { buildLookupTable() }
///     print(measurement.delta, measurement.peakResidentBytes)
///
/// Only Linux is supported: elsewhere every member throws
/// ``ProcessMemoryError/unsupportedPlatform(_:)``. Resident sizes count pages in RAM, so
/// memory that was allocated but never touched does not show, and memory that was freed may
/// stay resident until the allocator returns it to the system.
///
/// # Thread safety
/// The figures describe the whole process, so allocations on other threads show in them;
/// the functions themselves can be called from any thread.
public enum ProcessMemory {
    /// The file the figures come from.
    package static let statusPath = "/proc/self/status"
    /// The file that resets the peak.
    package static let clearRefsPath = "/proc/self/clear_refs"

    /// The current and peak resident size of the process.
    ///
    /// - Throws: ``ProcessMemoryError`` when the figures cannot be read.
    public static func usage() throws(ProcessMemoryError) -> MemoryUsage {
        try usage(statusPath: statusPath)
    }

    /// Resets the peak resident size to the current one, so that
    /// ``MemoryUsage/peakResidentBytes`` then measures from now on. This writes `5` to
    /// `/proc/self/clear_refs` (Linux 4.0 and later); the peak is the process's, so the
    /// reset is seen by every other reader of it too.
    ///
    /// - Throws: ``ProcessMemoryError`` when the kernel does not allow it.
    public static func resetPeak() throws(ProcessMemoryError) {
        try resetPeak(clearRefsPath: clearRefsPath)
    }

    /// The figures read from `statusPath`, a file in the format of `/proc/self/status`.
    package static func usage(statusPath: String) throws(ProcessMemoryError) -> MemoryUsage {
        #if os(Linux)
            let text = try readFile(statusPath)
            return MemoryUsage(
                residentBytes: try kilobytes(of: "VmRSS", in: text, path: statusPath) * 1024,
                peakResidentBytes: try kilobytes(of: "VmHWM", in: text, path: statusPath) * 1024
            )
        #else
            throw .unsupportedPlatform(platformName)
        #endif
    }

    /// Writes the peak-reset command to `clearRefsPath`.
    package static func resetPeak(clearRefsPath: String) throws(ProcessMemoryError) {
        #if os(Linux)
            let descriptor = open(clearRefsPath, O_WRONLY)
            guard descriptor >= 0 else { throw .fileAccessFailed(path: clearRefsPath, errno: errno) }
            defer { close(descriptor) }
            let written = write(descriptor, "5", 1)
            guard written == 1 else { throw .fileAccessFailed(path: clearRefsPath, errno: errno) }
        #else
            throw .unsupportedPlatform(platformName)
        #endif
    }

    /// The number in the line `field: <number> kB` of `text`.
    static func kilobytes(of field: String, in text: String, path: String) throws(ProcessMemoryError) -> Int {
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let words = line.dropFirst(field.count + 1).split(separator: " ", omittingEmptySubsequences: true)
                .flatMap { $0.split(separator: "\t") }
            if words.count == 2, words[1] == "kB", let value = Int(words[0]) { return value }
        }
        throw .fieldMissing(field: field, path: path)
    }

    /// The whole content of the file at `path`, read with `read(2)` (files in `/proc` report
    /// a size of 0).
    static func readFile(_ path: String) throws(ProcessMemoryError) -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .fileAccessFailed(path: path, errno: errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw .fileAccessFailed(path: path, errno: errno) }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    #if !os(Linux)
        /// The name of this operating system, for ``ProcessMemoryError/unsupportedPlatform(_:)``.
        private static var platformName: String {
            #if os(macOS)
                return "macOS"
            #elseif os(Windows)
                return "Windows"
            #else
                return "this operating system"
            #endif
        }
    #endif
}
