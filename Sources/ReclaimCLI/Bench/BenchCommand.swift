import ArgumentParser
import Foundation

/// The `reclaim bench` subcommand: runs `reclaim-bench` when a release build of it sits next
/// to this `reclaim`, or with `--build` through `swift run -c release`, and otherwise says how.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run Reclaim's benchmarks (reclaim-bench) from a release build.",
        discussion: """
            Benchmark times mean something only in a release build. When this reclaim is a \
            release build and a reclaim-bench sits in the same directory (such as \
            .build/release), reclaim bench replaces itself with that reclaim-bench, as last \
            built: the output, the progress and the exit status are reclaim-bench's. reclaim \
            knows how it was compiled (SwiftPM defines DEBUG in debug builds only), and SwiftPM \
            builds every product of one configuration into one directory, so the reclaim-bench \
            beside a release reclaim is a release build too.

            Otherwise (a debug build of reclaim, or no reclaim-bench beside it) reclaim bench \
            prints the command to run instead, swift run -c release reclaim-bench with the \
            same arguments, and exits with status 1. The first release build takes a few \
            minutes.

            With --build, reclaim bench runs that command itself, in the current directory, \
            which must be the Reclaim package (where Package.swift is): SwiftPM builds \
            reclaim-bench in release mode if it is missing or out of date, with its messages \
            on standard error, then runs it.

            reclaim bench takes --build and --help (-h) itself, wherever they are; every \
            other argument goes to reclaim-bench unchanged and in order, and so does \
            everything after --: reclaim bench -- --help shows reclaim-bench's options.

            Examples:
              swift build -c release --product reclaim-bench
              swift run -c release reclaim bench --filter trees --markdown
              reclaim bench --build --repetitions 5 --markdown
            """
    )

    @Flag(help: "Build reclaim-bench in release mode and run it, with swift run in the current directory.")
    var build = false

    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp(
            "Arguments for reclaim-bench, such as --filter trees --json.",
            valueName: "reclaim-bench-arguments"
        )
    )
    var benchArguments: [String] = []

    /// Whether this `reclaim` was compiled in release mode.
    static var isReleaseBuild: Bool {
        #if DEBUG
            false
        #else
            true
        #endif
    }

    /// The arguments for `reclaim-bench`: those `reclaim bench` does not take itself, without
    /// the first `--`, which only ends the arguments that `reclaim bench` reads.
    var passedArguments: [String] {
        guard let terminator = benchArguments.firstIndex(of: "--") else { return benchArguments }
        var arguments = benchArguments
        arguments.remove(at: terminator)
        return arguments
    }

    /// The command that builds and runs `reclaim-bench` in release mode.
    var swiftRunCommand: [String] {
        ["swift", "run", "-c", "release", "reclaim-bench"] + passedArguments
    }

    func run() throws {
        if build {
            try runWithSwiftPM()
        }
        let executable = Self.executableURL
        let directory = executable.deletingLastPathComponent()
        let sibling = directory.appendingPathComponent("reclaim-bench")
        let siblingExists = FileManager.default.isExecutableFile(atPath: sibling.path)
        if Self.isReleaseBuild, siblingExists {
            try ProcessReplacement.execute(sibling.path, passedArguments)
        }
        let reason =
            Self.isReleaseBuild
            ? """
            there is no reclaim-bench next to this reclaim (in \(directory.path)); \
            swift build -c release --product reclaim-bench builds one.
            """
            : """
            this reclaim is a debug build (\(executable.path)), and benchmark times \
            mean something only in a release build.
            """
        let place = Self.packageDirectory(of: executable).map { "the package directory (\($0.path))" }
        Self.printError(
            """
            reclaim bench: \(reason)
            Run reclaim-bench in release mode from \(place ?? "the Reclaim package directory"):

              \(swiftRunCommand.map(\.shellQuoted).joined(separator: " "))

            The first release build takes a few minutes. reclaim bench --build runs that command for you.
            """
        )
        throw ExitCode.failure
    }

    /// Replaces this process with `swift run -c release reclaim-bench …` when the current
    /// directory is the Reclaim package.
    private func runWithSwiftPM() throws -> Never {
        let directory = FileManager.default.currentDirectoryPath
        let manifest = URL(fileURLWithPath: directory).appendingPathComponent("Package.swift")
        guard let text = try? String(contentsOf: manifest, encoding: .utf8), text.contains("\"reclaim-bench\"") else {
            Self.printError(
                """
                reclaim bench --build runs swift run in the current directory, which must be the \
                Reclaim package; \(directory) has no Package.swift that defines reclaim-bench.
                """
            )
            throw ExitCode.failure
        }
        let command = swiftRunCommand.map(\.shellQuoted).joined(separator: " ")
        Self.printError("reclaim bench: running \(command) (the first release build takes a few minutes)")
        try ProcessReplacement.execute(swiftRunCommand[0], Array(swiftRunCommand.dropFirst()))
    }

    /// The running `reclaim` binary, with symbolic links resolved.
    private static var executableURL: URL {
        #if os(Linux)
            if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
                return URL(fileURLWithPath: path)
            }
        #endif
        let url = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return url.resolvingSymlinksInPath()
    }

    /// The package whose `.build` directory holds `executable`, if it is one.
    private static func packageDirectory(of executable: URL) -> URL? {
        var directory = executable.deletingLastPathComponent()
        while directory.pathComponents.count > 1 {
            let parent = directory.deletingLastPathComponent()
            if directory.lastPathComponent == ".build",
                FileManager.default.fileExists(atPath: parent.appendingPathComponent("Package.swift").path)
            {
                return parent
            }
            directory = parent
        }
        return nil
    }

    private static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
