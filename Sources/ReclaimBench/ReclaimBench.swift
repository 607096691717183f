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
            hand-written weak references where cyclic) and in CPython, and the table shows \
            times and ratios. Build in release mode: swift run -c release reclaim-bench.
            """
    )

    static let workloads: [Workload] = [
        RandomGraphWorkloads.collectGarbage,
        RandomGraphWorkloads.scanLive,
        RandomGraphWorkloads.scanLiveUnmanaged,
        RandomGraphWorkloads.scanLiveTraced,
        LeafWorkloads.untracked,
        LeafWorkloads.tracked,
        TreeWorkloads.withParents,
        TreeWorkloads.withoutParents,
        LinkedListWorkloads.doublyLinked,
        ChurnWorkload.churn,
        AllocationTracingWorkloads.oneFrame,
        AllocationTracingWorkloads.twentyFiveFrames,
        AllocationTracingWorkloads.twentyFiveFramesUnwound,
        AllocationTracingWorkloads.symbolization,
        AllocationTracingWorkloads.interposerOff,
        YoungCollectionWorkloads.withSmallOldGeneration,
        YoungCollectionWorkloads.withLargeOldGeneration,
    ]

    @Option(help: "Run only the workload with this name, or those whose name contains it.")
    var filter: String?

    @Option(help: "Divide every workload's size by this factor, for quick runs.")
    var scale = 1

    @Option(help: "Runs per workload (each in a fresh process); the median is reported.")
    var repetitions = 3

    @Option(help: "The Python interpreter to compare with (default: pyenv's 3.13, then python3).")
    var python: String?

    @Option(help: "Collector thresholds for the Reclaim side, as T0,T1,T2 (default: the library's).")
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

    @Flag(help: "Print the results as a Markdown table.")
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
        let selected = Self.selectedWorkloads(filter: filter)
        guard !selected.isEmpty else {
            let names = Self.workloads.map(\.name).joined(separator: ", ")
            throw ValidationError("--filter \(filter ?? "") matches no workload; workloads: \(names)")
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
        let table = ReportTable(results: results)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
            return
        }
        print(markdown ? table.markdown() : table.text())
        print("")
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
