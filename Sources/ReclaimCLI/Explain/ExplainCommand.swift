import ArgumentParser
import Foundation
import ReclaimRendering

/// The `reclaim explain` subcommand: collects a small object graph with the collector's trace
/// hook attached and writes a page that steps through the collection.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show a real collection of a small graph, step by step, as a web page.",
        discussion: """
            Builds the objects of a graph (the built-in example, or GRAPH-FILE), drops every \
            reference the graph does not keep, and runs one full collection with the \
            collector's trace hook attached. The page it writes (one self-contained HTML file, \
            no network needed) steps through what the collector did: counts copied from the \
            runtime, internal references subtracted, reachable objects rescued, weak \
            references cleared, finalizers, the resurrection check, and the clearing of the \
            garbage. Each object shows its type, its retain count and the collector's working \
            count at each step; the garbage is highlighted.

            A graph file has one declaration per line:
            \(GraphDescription.syntaxSummary)

            `reclaim explain --example` prints the built-in example in this format.

            Examples:
              reclaim explain                  writes reclaim-explain.html (the example)
              reclaim explain graph.txt -o graph.html
              reclaim explain --dot --phase clear | dot -Tpng > clear.png
              reclaim explain --svg            needs Graphviz (apt-get install graphviz)

            Phases (for --phase): \(Self.phaseIDs.joined(separator: ", ")).
            """
    )

    static let phaseIDs = ExplainPhase.allCases.map(\.rawValue)

    @Argument(
        help: ArgumentHelp(
            "A graph file to explain instead of the built-in example (- reads standard input).",
            valueName: "graph-file"
        )
    )
    var graphFile: String?

    @Option(
        name: [.short, .long],
        help: ArgumentHelp(
            "Where to write the page, DOT or SVG (default: reclaim-explain.html or .svg; DOT goes to standard output).",
            valueName: "path"
        )
    )
    var output: String?

    @Flag(help: "Print the Graphviz DOT text of one phase instead of writing the page.")
    var dot = false

    @Flag(help: "Write an SVG image of one phase, drawn by Graphviz's dot, instead of the page.")
    var svg = false

    @Option(help: ArgumentHelp("The phase drawn by --dot and --svg.", valueName: "id"))
    var phase = "reachable-rescued"

    @Flag(help: "Print the built-in example graph in the file format, and exit.")
    var example = false

    @Flag(help: "Print without ANSI colors.")
    var noColor = false

    func validate() throws {
        if dot && svg {
            throw ValidationError("--dot and --svg cannot be combined; pick one.")
        }
        if !Self.phaseIDs.contains(phase) {
            throw ValidationError("unknown phase '\(phase)'; the phases are \(Self.phaseIDs.joined(separator: ", ")).")
        }
    }

    func run() throws {
        if example {
            print(GraphDescription.exampleText)
            return
        }
        let description = try loadDescription()
        let recording = CollectionRecorder(description).run()
        let phaseIndex = Self.phaseIDs.firstIndex(of: phase) ?? 0
        if dot {
            let text = ExplainDot(recording: recording).dot(phase: phaseIndex)
            if let output {
                try write(text, to: output)
            } else {
                print(text, terminator: "")
            }
            return
        }
        let console = Console(usesColor: ColorPolicy.usesColorForStandardOutput(noColorFlag: noColor))
        ExplainReport(recording: recording, console: console).print()
        if svg {
            let path = output ?? "reclaim-explain.svg"
            do {
                try GraphvizRenderer().writeSVG(
                    fromDOT: ExplainDot(recording: recording).dot(phase: phaseIndex),
                    to: path
                )
            } catch {
                throw ExplainError("cannot write the SVG: \(error)")
            }
            console.blank()
            console.paragraph("Wrote \(path): the \"\(recording.phases[phaseIndex].title)\" phase, drawn by Graphviz.")
            return
        }
        let path = output ?? "reclaim-explain.html"
        try write(try ExplainPage(recording: recording).html(), to: path)
        console.blank()
        console.paragraph(
            "Wrote \(path): \(recording.phases.count) phases to step through. Open it in a browser; it needs no network."
        )
    }

    private func loadDescription() throws -> GraphDescription {
        guard let graphFile else { return .example }
        let source = graphFile == "-" ? "standard input" : graphFile
        let data: Data
        if graphFile == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: graphFile))
            } catch {
                throw ExplainError("cannot read graph file '\(graphFile)': \(Self.reason(error, reading: graphFile))")
            }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExplainError("\(source): not UTF-8 text; a graph file is plain text")
        }
        do {
            return try GraphDescription(parsing: text, source: source)
        } catch {
            throw ExplainError(error.description)
        }
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw ExplainError("cannot write '\(path)': \(Self.reason(error, writing: path))")
        }
    }

    /// Why `path` cannot be read, in the words of the C library.
    private static func reason(_ error: any Error, reading path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            return String(cString: strerror(ENOENT))
        }
        if isDirectory.boolValue { return String(cString: strerror(EISDIR)) }
        if !FileManager.default.isReadableFile(atPath: path) { return String(cString: strerror(EACCES)) }
        return "\(error)"
    }

    /// Why `path` cannot be written, in the words of the C library.
    private static func reason(_ error: any Error, writing path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        let parent = directory.isEmpty ? "." : directory
        if !FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) || !isDirectory.boolValue {
            return "no directory '\(parent)'"
        }
        if !FileManager.default.isWritableFile(atPath: parent) { return String(cString: strerror(EACCES)) }
        return "\(error)"
    }
}

/// A failure of `reclaim explain` with a message for the user.
struct ExplainError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
