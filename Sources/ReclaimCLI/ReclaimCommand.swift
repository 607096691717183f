import ArgumentParser

/// The `reclaim` command: the entry point that groups Reclaim's command-line tools.
@main
struct ReclaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclaim",
        abstract: "Explore Reclaim, CPython's cycle collector for Swift.",
        discussion: """
            Reclaim adds CPython's generational cycle collector to Swift: subclasses of \
            GCObject report their references, and GC.collect() frees groups of objects that \
            keep each other alive after every outside reference is gone.

            Start with `reclaim tour`, which demonstrates reference counting, reference cycles \
            and the collector on live objects.
            """,
        subcommands: [TourCommand.self, ExplainCommand.self, BenchCommand.self]
    )
}
