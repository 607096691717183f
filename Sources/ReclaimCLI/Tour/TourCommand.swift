import ArgumentParser
import ReclaimTracing

/// The `reclaim tour` subcommand: runs the guided tour, or one section of it.
struct TourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tour",
        abstract: "Show memory management and cycle collection on live objects.",
        discussion: """
            Follows the ideas of "Understanding Python Memory Management and Garbage \
            Collection" with Swift objects tracked by Reclaim. Every number printed is read \
            from the running program through the Reclaim API (GC.refcount(of:), GC.collect(), \
            GC.stats, sizeof, AllocationTracer, ObjectGraph, ...), so it reflects this build \
            and this run.

            Sections, in order:
            \(TourSection.allCases.map(\.helpLine).joined(separator: "\n"))

            Colors are used only when standard output is a terminal, and never when \
            --no-color is given or the NO_COLOR environment variable is set to a non-empty \
            value. Long steps draw a progress line on standard error when it is a terminal.
            """
    )

    @Option(help: ArgumentHelp("Run only this section.", valueName: "name"))
    var section: TourSection?

    @Flag(help: "Print without ANSI colors.")
    var noColor = false

    func run() {
        let console = Console(
            usesColor: ColorPolicy.usesColorForStandardOutput(noColorFlag: noColor),
            showsProgress: ProgressPolicy.showsProgressOnStandardError()
        )
        let sections = section.map { [$0] } ?? TourSection.allCases
        Tour(console: console).run(sections)
    }
}
