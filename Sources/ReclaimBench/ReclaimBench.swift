import ArgumentParser
import Foundation
import Reclaim

/// `reclaim-bench`: runs each workload in Reclaim, in plain Swift and in CPython, in one run,
/// and prints their times and ratios.
@main
struct ReclaimBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclaim-bench",
        abstract: "Benchmark Reclaim's collector against plain Swift and CPython 3.13.",
        discussion: """
            Each workload runs in Reclaim, in plain Swift (strong references where acyclic, \
            hand-written weak references where cyclic) and in CPython, every run in a fresh \
            process, and the table shows the median times and their ratios. Times mean \
            something only in a release build: swift run -c release reclaim-bench (the first \
            release build takes a few minutes). A debug build runs the same code, much more \
            slowly, and says so on standard error.

            Results go to standard output: an aligned table, or with --markdown the table and \
            notes as BENCHMARKS.md shows them, or with --json one object with the run's \
            conditions (python, scale, repetitions, build) and a "workloads" array whose \
            entries all have the same keys (null where a variant did not run). Progress goes \
            to standard error: one updating line on a terminal, one line per workload \
            otherwise.

            Workloads (--filter takes one of these names, or a part of several):
            \(workloads.map { "  " + $0.name }.joined(separator: "\n"))

            Examples:
              swift run -c release reclaim-bench --repetitions 5 --markdown
              swift run -c release reclaim-bench --filter trees --no-python
            """
    )

    static let workloads: [Workload] = [
        RandomGraphWorkloads.collectGarbage,
        RandomGraphWorkloads.scanLive,
        RandomGraphWorkloads.scanLiveRetaining,
        RandomGraphWorkloads.scanLiveTraced,
        LeafWorkloads.untracked,
        LeafWorkloads.tracked,
        ArrayEdgeWorkloads.inPlace,
        ArrayEdgeWorkloads.handWritten,
        TreeWorkloads.withParents,
        TreeWorkloads.withParentsCollectedAtDrop,
        TreeWorkloads.withParentsSubclassBaseline,
        TreeWorkloads.withoutParents,
        LinkedListWorkloads.doublyLinked,
        ChurnWorkload.churn,
        AllocationWorkloads.mainThread,
        AllocationWorkloads.workerThread,
        AllocationWorkloads.workerThreadWithHeap,
        DocumentWorkloads.sharedBuffers,
        DocumentWorkloads.copiedOutArrays,
        AllocationTracingWorkloads.oneFrame,
        AllocationTracingWorkloads.twentyFiveFrames,
        AllocationTracingWorkloads.twentyFiveFramesUnwound,
        AllocationTracingWorkloads.symbolization,
        AllocationTracingWorkloads.interposerOff,
        YoungCollectionWorkloads.withSmallOldGeneration,
        YoungCollectionWorkloads.withLargeOldGeneration,
        ObjectWalkWorkloads.walkPlainGraph,
        ObjectWalkWorkloads.scanLiveClosures,
        ServerWorkloads.serverPauses,
        ServerWorkloads.serverPausesIncremental,
        ServerWorkloads.serverPausesTimeBudget,
        ServerWorkloads.connectedHeap,
        ServerWorkloads.connectedHeapIncremental,
    ]

    @Option(
        help: ArgumentHelp(
            "Run only the workload with this name, or else those whose name contains it.",
            valueName: "name"
        )
    )
    var filter: String?

    @Option(help: ArgumentHelp("Divide every workload's size by this factor, for quick runs.", valueName: "factor"))
    var scale = 1

    @Option(
        help: ArgumentHelp("Runs per workload (each in a fresh process); the median is reported.", valueName: "count")
    )
    var repetitions = 3

    @Option(
        help: ArgumentHelp(
            "The Python interpreter to compare with (default: RECLAIM_PYTHON, then pyenv's 3.13, then python3.13 or python3 on PATH).",
            valueName: "path"
        )
    )
    var python: String?

    @Option(
        help: ArgumentHelp(
            "Collector thresholds for the Reclaim side, as T0,T1,T2 (default: the library's).",
            valueName: "t0,t1,t2"
        )
    )
    var thresholds: String?

    /// Which implementations to run.
    enum Variant: String, ExpressibleByArgument, CaseIterable {
        case all, reclaim, plain
    }

    @Option(help: "Run one implementation in this process (for profilers such as callgrind): reclaim or plain.")
    var variant = Variant.all

    @Flag(help: "Skip the CPython side.")
    var noPython = false

    @Flag(help: "Print the results as JSON.")
    var json = false

    @Flag(help: "Print the results as a Markdown table and notes, as in BENCHMARKS.md.")
    var markdown = false

    /// The workload named exactly `filter`, or else every workload whose name contains it.
    static func selectedWorkloads(filter: String?) -> [Workload] {
        guard let filter, !filter.isEmpty else { return workloads }
        if let exact = workloads.first(where: { $0.name == filter }) { return [exact] }
        return workloads.filter { $0.name.contains(filter) }
    }

    func validate() throws {
        _ = try parsedThresholds()
        guard scale >= 1 else { throw ValidationError("--scale must be 1 or more, got \(scale)") }
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be 1 or more, got \(repetitions)") }
        guard !(json && markdown) else { throw ValidationError("--json and --markdown cannot be combined") }
        guard variant == .all || !(json || markdown) else {
            throw ValidationError(
                "--variant \(variant.rawValue) prints times only; it cannot be combined with --json or --markdown"
            )
        }
        let selected = Self.selectedWorkloads(filter: filter)
        guard !selected.isEmpty else {
            let names = Self.workloads.map(\.name).joined(separator: ", ")
            throw ValidationError("--filter '\(filter ?? "")' matches no workload; the workloads are: \(names)")
        }
    }

    private func parsedThresholds() throws -> (Int, Int, Int)? {
        guard let thresholds else { return nil }
        let values = thresholds.split(separator: ",").compactMap { Int($0) }
        guard values.count == 3, values.allSatisfy({ $0 >= 0 }) else {
            throw ValidationError("--thresholds must be three numbers of 0 or more, like 2000,10,10; got \(thresholds)")
        }
        return (values[0], values[1], values[2])
    }

    @Flag(help: .hidden)
    var child = false

    func run() throws {
        if let values = try parsedThresholds() {
            GC.thresholds = values
        }
        let selected = Self.selectedWorkloads(filter: filter)
        if child {
            try runChild(selected)
            return
        }
        #if DEBUG
            FileHandle.standardError.write(
                Data(
                    "warning: this reclaim-bench is a debug build; its times mean nothing. Run: swift run -c release reclaim-bench\n"
                        .utf8
                )
            )
        #endif
        let runner = noPython || variant != .all ? nil : try PythonRunner.locate(explicit: python)
        var progress = ProgressReporter.forStandardError()
        defer { progress.finish() }
        var results: [WorkloadResult] = []
        for (position, workload) in selected.enumerated() {
            progress.start(workload, position: position + 1, count: selected.count)
            let runs = workload.runOnce ? 1 : repetitions
            if variant != .all {
                // In this process, for profilers: `--variant reclaim` under callgrind or perf.
                for run in 1...runs {
                    progress.step("\(variant.rawValue) \(run)/\(runs)")
                    let time = variant == .reclaim ? workload.reclaim(scale).time : workload.plain?(scale).time
                    if let time {
                        progress.finish()
                        print("\(workload.name) \(variant.rawValue): \(ReportTable.time(time.seconds))")
                    }
                }
                continue
            }
            // Every run in a fresh process, as CPython's are: a process that has already built
            // and freed a million objects hands out scattered memory, which slows whatever
            // runs next by up to 2x.
            var reclaimRuns: [Workload.Measurement] = []
            var plainRuns: [Duration] = []
            var pythonRuns: [Workload.Measurement] = []
            for run in 1...runs {
                progress.step("Reclaim \(run)/\(runs)")
                reclaimRuns.append(try measureInChild(workload, variant: .reclaim))
                if workload.plain != nil {
                    progress.step("plain Swift \(run)/\(runs)")
                    plainRuns.append(try measureInChild(workload, variant: .plain).time)
                }
                if let runner, workload.hasPython {
                    progress.step("CPython \(run)/\(runs)")
                    pythonRuns.append(
                        try runner.measure(workload: workload.pythonWorkload ?? workload.name, scale: scale)
                    )
                }
            }
            // The median, not the fastest: these shared machines have occasional fast or slow
            // phases, and one lucky run of one variant must not decide a ratio.
            guard let reclaim = reclaimRuns.sorted(by: { $0.time < $1.time }).median else { continue }
            results.append(
                WorkloadResult(
                    workload: workload,
                    reclaim: reclaim,
                    plain: plainRuns.sorted().median,
                    python: pythonRuns.sorted(by: { $0.time < $1.time }).median
                )
            )
        }
        progress.finish()
        guard variant == .all else { return }
        try report(results, pythonVersion: runner?.version)
    }

    /// Runs one variant of one workload in a new `reclaim-bench --child` process.
    private func measureInChild(_ workload: Workload, variant: Variant) throws -> Workload.Measurement {
        var arguments = ["--child", "--filter", workload.name, "--variant", variant.rawValue, "--scale", String(scale)]
        if let thresholds { arguments += ["--thresholds", thresholds] }
        let output = try ChildProcess.run(URL(fileURLWithPath: CommandLine.arguments[0]), arguments)
        guard let result = try? JSONDecoder().decode(ChildResult.self, from: Data(output.utf8)) else {
            throw ChildProcess.Failure(description: "unexpected output from a benchmark child: \(output)")
        }
        return Workload.Measurement(time: .nanoseconds(Int64(result.seconds * 1e9)), detail: result.detail)
    }

    /// What a child process prints: one measurement.
    private struct ChildResult: Codable {
        var seconds: Double
        var detail: [String: Double]
    }

    private func runChild(_ selected: [Workload]) throws {
        guard let workload = selected.first, variant != .all else {
            throw ValidationError("--child needs one workload and --variant reclaim or plain")
        }
        let measurement = variant == .reclaim ? workload.reclaim(scale) : workload.plain?(scale)
        guard let measurement else { throw ValidationError("\(workload.name) has no plain variant") }
        let result = ChildResult(seconds: measurement.time.seconds, detail: measurement.detail)
        print(String(decoding: try JSONEncoder().encode(result), as: UTF8.self))
    }

    private func report(_ results: [WorkloadResult], pythonVersion: String?) throws {
        if json {
            let report = BenchmarkReport(
                python: pythonVersion,
                scale: scale,
                repetitions: repetitions,
                build: BenchmarkReport.buildConfiguration,
                workloads: results
            )
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        let table = ReportTable(results: results)
        print(markdown ? table.markdown() : table.text())
        print("")
        if markdown { print("```") }
        for result in results where !result.detail.isEmpty {
            let facts = result.detail.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format2: $0.value))" }
            print("\(result.name): \(facts.joined(separator: ", "))")
        }
        if let small = results.first(where: { $0.name == "young-with-100k-old" }),
            let large = results.first(where: { $0.name == "young-with-10m-old" })
        {
            let ratio = large.reclaimSeconds / small.reclaimSeconds
            print("young collection with 10 M old objects / with 100 K: \(String(format2: ratio))× (target ≈ 1×)")
        }
        print(
            "CPython \(pythonVersion ?? "not run"), scale 1/\(scale), median of \(repetitions) runs (workloads marked run-once: 1)"
        )
        if markdown { print("```") }
    }
}
