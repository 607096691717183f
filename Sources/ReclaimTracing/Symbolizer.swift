internal import CReclaimTracing
@_spi(Internal) internal import Runtime
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Turns return addresses into function names and source locations, caching each address.
///
/// Source files and lines come from the toolchain's `Runtime` module (the library behind
/// Swift's crash backtraces), which reads DWARF in-process: no subprocess, and debug builds
/// get exact lines. Its public API only symbolicates backtraces it captured itself, so the
/// `Backtrace(architecture:frames:images:)` initializer is reached through
/// `@_spi(Internal) import Runtime` (checked on Swift 6.3.1). Addresses it cannot resolve fall
/// back to `dladdr`: the nearest exported symbol and the image, with file `"<unknown>"` and
/// line 0. Swift names are demangled with the runtime's `swift_demangle`.
///
/// Cost, measured on Swift 6.3.1 in a debug build: see `AllocationTracer`'s documentation and
/// the project's benchmark notes.
///
/// # Thread safety
/// Symbolization runs under one lock; the cache is read under it too.
final class Symbolizer: Sendable {
    static let shared = Symbolizer()

    private let cache = Mutex<[UInt: SourceLocation]>([:])

    /// The location of one return address.
    func location(of address: UInt) -> SourceLocation {
        locations(of: [address])[address] ?? Self.fallback(address)
    }

    /// Symbolizes every address not yet in the cache, in one batch.
    func prepare(_ addresses: some Sequence<UInt>) {
        _ = locations(of: addresses)
    }

    /// The locations of `addresses`, symbolizing the ones not cached in one batch.
    ///
    /// - Complexity: O(addresses) for cached ones; new ones cost a debug-info lookup each.
    func locations(of addresses: some Sequence<UInt>) -> [UInt: SourceLocation] {
        AllocationTracer.withTracingSuspended {
            cache.withLock { cache in
                var missing: [UInt] = []
                var seen = Set<UInt>()
                for address in addresses where cache[address] == nil && seen.insert(address).inserted {
                    missing.append(address)
                }
                if !missing.isEmpty {
                    for (address, location) in Self.symbolize(missing) {
                        cache[address] = location
                    }
                }
                var result: [UInt: SourceLocation] = [:]
                for address in addresses {
                    result[address] = cache[address]
                }
                return result
            }
        }
    }

    private static func symbolize(_ addresses: [UInt]) -> [UInt: SourceLocation] {
        var result: [UInt: SourceLocation] = [:]
        #if arch(x86_64) || arch(arm64)
            let images = ImageMap.capture()
            let backtrace = Backtrace(
                architecture: architecture,
                frames: addresses.map { RichFrame<UInt64>.returnAddress(UInt64($0)) },
                images: images
            )
            for frame in backtrace.symbolicated(with: images)?.frames ?? [] {
                guard
                    let address = UInt64(frame.captured.originalProgramCounter).map(UInt.init),
                    result[address] == nil,
                    let symbol = frame.symbol
                else { continue }
                result[address] = SourceLocation(
                    function: demangle(symbol.rawName),
                    image: symbol.imageName,
                    file: symbol.sourceLocation?.path ?? SourceLocation.unknownFile,
                    line: symbol.sourceLocation?.line ?? 0
                )
            }
        #endif
        for address in addresses where result[address] == nil {
            result[address] = fallback(address)
        }
        return result
    }

    #if arch(x86_64)
        private static let architecture = "x86_64"
    #elseif arch(arm64)
        private static let architecture = "arm64"
    #endif

    /// The nearest exported symbol and the image of `address`, from `dladdr`.
    static func fallback(_ address: UInt) -> SourceLocation {
        var image: UnsafePointer<CChar>?
        var symbol: UnsafePointer<CChar>?
        reclaim_tracing_describe_address(address, &image, &symbol)
        return SourceLocation(
            function: symbol.map { demangle(String(cString: $0)) } ?? SourceLocation.unknownFile,
            image: image.map { String(cString: $0).lastPathComponent } ?? SourceLocation.unknownFile,
            file: SourceLocation.unknownFile,
            line: 0
        )
    }

    /// The demangled form of a Swift symbol name; other names are returned unchanged.
    static func demangle(_ name: String) -> String {
        name.withCString { pointer in
            guard let demangled = swift_demangle(pointer, strlen(pointer), nil, nil, 0) else { return name }
            defer { free(demangled) }
            return String(cString: demangled)
        }
    }
}
