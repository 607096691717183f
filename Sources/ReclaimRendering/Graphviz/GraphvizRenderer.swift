import Foundation

/// Renders DOT text to SVG with Graphviz's `dot` program, found on `PATH`.
///
///     let dot = GraphvizExport().dot(of: [window], in: heap)
///     do {
///         try GraphvizRenderer().writeSVG(fromDOT: dot, to: "window.svg")
///     } catch {
///         print(error)  // how to install Graphviz; error.dot still holds the graph
///     }
///
/// # Thread safety
/// A renderer only runs a child process, so it can be used from any thread.
public struct GraphvizRenderer: Sendable {
    /// The program to run: a name looked up in ``searchPath``, or a path containing `/`.
    package var program: String
    /// The directories to look for ``program`` in, separated by `:`; `nil` for `PATH`.
    package var searchPath: String?

    /// Creates a renderer that runs `dot` from `PATH`.
    public init() {
        self.init(program: "dot", searchPath: nil)
    }

    /// Creates a renderer that runs `program` looked up in `searchPath`, for tests.
    package init(program: String, searchPath: String?) {
        self.program = program
        self.searchPath = searchPath
    }

    /// The graph `dot` describes, as SVG text.
    ///
    /// - Throws: ``GraphvizError`` when `dot` is not installed or fails; the error keeps the
    ///   DOT text.
    public func svg(fromDOT dot: String) throws(GraphvizError) -> String {
        let directory = try temporaryDirectory(for: dot)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("graph.svg")
        try render(dot, to: output.path, in: directory)
        do {
            return try String(contentsOf: output, encoding: .utf8)
        } catch {
            throw .fileAccessFailed(path: output.path, reason: "\(error)", dot: dot)
        }
    }

    /// Renders the graph `dot` describes as SVG into the file at `path`, replacing it.
    ///
    /// - Throws: ``GraphvizError`` when `dot` is not installed or fails; the error keeps the
    ///   DOT text.
    public func writeSVG(fromDOT dot: String, to path: String) throws(GraphvizError) {
        let directory = try temporaryDirectory(for: dot)
        defer { try? FileManager.default.removeItem(at: directory) }
        try render(dot, to: path, in: directory)
    }

    /// The executable that ``program`` names, or `nil` if there is none.
    package func executablePath() -> String? {
        if program.contains("/") {
            return FileManager.default.isExecutableFile(atPath: program) ? program : nil
        }
        for directory in resolvedSearchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private var resolvedSearchPath: String {
        searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? ""
    }

    /// Runs `dot -Tsvg -o output input` with the input and `dot`'s error output in `directory`.
    private func render(_ dot: String, to output: String, in directory: URL) throws(GraphvizError) {
        guard let executable = executablePath() else {
            throw .dotNotInstalled(program: program, searchPath: resolvedSearchPath, dot: dot)
        }
        let input = directory.appendingPathComponent("graph.dot")
        let errors = directory.appendingPathComponent("stderr.txt")
        let errorHandle: FileHandle
        do {
            try dot.write(to: input, atomically: false, encoding: .utf8)
            guard FileManager.default.createFile(atPath: errors.path, contents: nil) else {
                throw GraphvizError.fileAccessFailed(
                    path: errors.path,
                    reason: "the file could not be created",
                    dot: dot
                )
            }
            errorHandle = try FileHandle(forWritingTo: errors)
        } catch let error as GraphvizError {
            throw error
        } catch {
            throw .fileAccessFailed(path: directory.path, reason: "\(error)", dot: dot)
        }
        defer { try? errorHandle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-Tsvg", "-o", output, input.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errorHandle
        do {
            try process.run()
        } catch {
            throw .launchFailed(executable: executable, reason: "\(error)", dot: dot)
        }
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let standardError = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw .dotFailed(
                executable: executable,
                status: process.terminationStatus,
                standardError: standardError.trimmingCharacters(in: .whitespacesAndNewlines),
                dot: dot
            )
        }
    }

    /// A new private directory for one rendering's files.
    private func temporaryDirectory(for dot: String) throws(GraphvizError) -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("reclaim-graphviz-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        } catch {
            throw .fileAccessFailed(path: directory.path, reason: "\(error)", dot: dot)
        }
        return directory
    }
}
