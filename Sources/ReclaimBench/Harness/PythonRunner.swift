import Foundation

/// Runs the CPython side of a workload (`python/workloads.py`) in a child process.
struct PythonRunner {
    let executable: URL
    let script: URL
    /// The version the interpreter reports, for the report header.
    let version: String

    /// Finds CPython 3.13: `--python`, then `RECLAIM_PYTHON`, then pyenv's 3.13 installs,
    /// then `python3.13` and `python3` on `PATH`.
    static func locate(explicit: String?) throws -> PythonRunner {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("python/workloads.py")
        guard FileManager.default.fileExists(atPath: script.path) else {
            throw ChildProcess.Failure(
                description: "the Python workloads are missing at \(script.path); run from a checkout"
            )
        }
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if let fromEnvironment = environment["RECLAIM_PYTHON"] { candidates.append(fromEnvironment) }
        let pyenvRoot = environment["PYENV_ROOT"] ?? (NSHomeDirectory() + "/.pyenv")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: pyenvRoot + "/versions")) ?? []
        for version in versions.sorted().reversed() where version.hasPrefix("3.13") {
            candidates.append("\(pyenvRoot)/versions/\(version)/bin/python3")
        }
        for name in ["python3.13", "python3"] {
            for directory in (environment["PATH"] ?? "").split(separator: ":") {
                candidates.append("\(directory)/\(name)")
            }
        }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            let executable = URL(fileURLWithPath: candidate)
            if let version = try? ChildProcess.run(
                executable,
                ["-c", "import platform; print(platform.python_version())"]
            ) {
                return PythonRunner(
                    executable: executable,
                    script: script,
                    version: version.trimmingCharacters(in: .whitespacesAndNewlines)
                )
            }
        }
        throw ChildProcess.Failure(description: "no Python interpreter found; pass --python PATH or set RECLAIM_PYTHON")
    }

    /// Runs one workload and returns CPython's time for it, with the numeric facts it reports.
    func measure(workload: String, scale: Int) throws -> Workload.Measurement {
        let output = try ChildProcess.run(executable, [script.path, workload, String(scale)])
        guard
            let data = output.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let seconds = object["seconds"] as? Double
        else {
            throw ChildProcess.Failure(description: "unexpected output from workloads.py \(workload): \(output)")
        }
        let detail = (object["detail"] as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.doubleValue }
        return Workload.Measurement(time: .nanoseconds(Int64(seconds * 1e9)), detail: detail)
    }
}
