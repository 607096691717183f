import Foundation

extension AllocationSnapshot: Codable {
    /// The value of the `format` key that marks a saved snapshot.
    static let formatName = "reclaim-allocation-snapshot"
    /// The version of the saved layout this code reads and writes.
    static let formatVersion = 1

    private enum CodingKeys: String, CodingKey {
        case format, version, tracebackLimit, tracebacks, traces
    }

    /// One trace in a saved snapshot: size and index into the saved tracebacks.
    private struct SavedTrace: Codable {
        var size: Int
        var traceback: Int
    }

    /// Reads a snapshot written by `encode(to:)`, checking the format marker and version.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(String.self, forKey: .format)
        guard format == Self.formatName else {
            throw DecodingError.dataCorruptedError(
                forKey: .format,
                in: container,
                debugDescription: "format is \"\(format)\", expected \"\(Self.formatName)\""
            )
        }
        let version = try container.decode(Int.self, forKey: .version)
        guard version == Self.formatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .version,
                in: container,
                debugDescription: "version \(version) is not supported (this build reads \(Self.formatVersion))"
            )
        }
        let tracebacks = try container.decode([AllocationTraceback].self, forKey: .tracebacks)
        let saved = try container.decode([SavedTrace].self, forKey: .traces)
        var traces: [AllocationTrace] = []
        traces.reserveCapacity(saved.count)
        for trace in saved {
            guard tracebacks.indices.contains(trace.traceback) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .traces,
                    in: container,
                    debugDescription: "a trace refers to traceback \(trace.traceback) of \(tracebacks.count)"
                )
            }
            traces.append(AllocationTrace(size: trace.size, traceback: tracebacks[trace.traceback]))
        }
        self.init(traces: traces, tracebackLimit: try container.decode(Int.self, forKey: .tracebackLimit))
    }

    /// Writes the snapshot with each distinct traceback once and every frame symbolized.
    public func encode(to encoder: any Encoder) throws {
        let groups = tracebackGroups()
        Symbolizer.shared.prepare(groups.flatMap { $0.traceback.frames.map(\.address) })
        var saved = [SavedTrace](repeating: SavedTrace(size: 0, traceback: 0), count: traces.count)
        for (position, group) in groups.enumerated() {
            for index in group.indices {
                saved[index] = SavedTrace(size: traces[index].size, traceback: position)
            }
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatName, forKey: .format)
        try container.encode(Self.formatVersion, forKey: .version)
        try container.encode(tracebackLimit, forKey: .tracebackLimit)
        try container.encode(groups.map(\.traceback), forKey: .tracebacks)
        try container.encode(saved, forKey: .traces)
    }

    /// Writes the snapshot to `url` as JSON, symbolizing every frame first (addresses mean
    /// nothing in another process), like `tracemalloc.Snapshot.dump`.
    ///
    /// - Throws: `AllocationTracerError.unwritableSnapshot` naming the file and the reason.
    /// - Complexity: O(traces + frames of the distinct tracebacks).
    public func save(to url: URL) throws(AllocationTracerError) {
        do {
            let data = try AllocationTracer.withTracingSuspended { try JSONEncoder().encode(self) }
            try data.write(to: url, options: .atomic)
        } catch {
            throw .unwritableSnapshot(file: url.path, reason: "\(error)")
        }
    }

    /// Reads a snapshot written by `save(to:)`.
    ///
    /// - Throws: `AllocationTracerError.unreadableSnapshot` naming the file and what was wrong
    ///   (missing, not JSON, another format or version, a missing or mistyped field).
    /// - Complexity: O(size of the file).
    public static func load(from url: URL) throws(AllocationTracerError) -> AllocationSnapshot {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadableSnapshot(file: url.path, reason: "it cannot be read (\(error.localizedDescription))")
        }
        do {
            return try JSONDecoder().decode(AllocationSnapshot.self, from: data)
        } catch let error as DecodingError {
            throw .unreadableSnapshot(file: url.path, reason: error.reason)
        } catch {
            throw .unreadableSnapshot(file: url.path, reason: "\(error)")
        }
    }
}

extension DecodingError {
    /// What was wrong and where, in one line.
    fileprivate var reason: String {
        func path(_ context: Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : " at \(keys)"
        }
        switch self {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "it is not valid JSON" }
            return context.debugDescription + path(context)
        case .keyNotFound(let key, let context):
            return "the field \"\(key.stringValue)\" is missing\(path(context))"
        case .typeMismatch(let type, let context):
            return "expected \(type)\(path(context))"
        case .valueNotFound(let type, let context):
            return "expected \(type) but found null\(path(context))"
        @unknown default:
            return "\(self)"
        }
    }
}
