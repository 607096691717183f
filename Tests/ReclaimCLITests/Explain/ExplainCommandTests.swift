import Foundation
import Reclaim
import Testing

/// `reclaim explain`, run as a built binary: the page, the text, DOT, and bad input.
@Suite struct ExplainCommandTests {
    static let phaseIDs = [
        "graph", "counts-copied", "internal-subtracted", "reachable-rescued", "weak-cleared", "finalizers",
        "resurrection", "clear",
    ]

    @Test func theExampleGivesEveryPhaseInTextAndInASelfContainedPage() throws {
        let scratch = try ScratchDirectory()
        let page = scratch.path("example.html")
        let result = try ReclaimExecutable.run(["explain", "-o", page])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.containsANSIEscape)
        var position = result.standardOutput.startIndex
        for (index, id) in Self.phaseIDs.enumerated() {
            let heading = try #require(
                result.standardOutput.range(of: "== \(index + 1). ", range: position..<result.standardOutput.endIndex),
                "phase \(id)"
            )
            #expect(result.standardOutput[heading.upperBound...].prefix(while: { $0 != "\n" }).hasSuffix("[\(id)] =="))
            position = heading.upperBound
        }
        #expect(result.standardOutput.contains("Wrote \(page): 8 phases"))

        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("data-phase-count=\"8\""))
        for attribute in ["src=", "href=\"http", "url(http", "@import"] {
            #expect(!html.contains(attribute), "the page loads nothing: \(attribute)")
        }
        let recording = try ExplainRecordingJSON(page: html)
        #expect(recording.phases.map(\.id) == Self.phaseIDs)
        #expect(recording.collected == 3)
        #expect(recording.state(of: "document", in: "counts-copied")?.working == "3")
        #expect(recording.state(of: "document", in: "internal-subtracted")?.working == "0")
        #expect(recording.state(of: "app", in: "reachable-rescued")?.status == "root")
        #expect(recording.state(of: "page2", in: "reachable-rescued")?.status == "reachable")
        for name in ["editor", "session", "buffer", "plugin", "hook"] {
            #expect(recording.state(of: name, in: "reachable-rescued")?.status == "unreachable", "\(name)")
        }
        #expect(recording.state(of: "buffer", in: "finalizers")?.status == "finalized")
        #expect(recording.state(of: "plugin", in: "resurrection")?.status == "resurrected")
        #expect(recording.state(of: "hook", in: "resurrection")?.status == "resurrected")
        #expect(recording.state(of: "session", in: "clear")?.status == "freed")
        #expect(recording.state(of: "scratch", in: "graph")?.status == "freed-early")
        #expect(result.standardOutput.contains("app ~> editor cleared; its callback runs."))
        #expect(result.standardOutput.contains("collect() returned 3"))
    }

    /// A graph whose counts are known by construction, checked against the same graph built
    /// with the Reclaim API in this process.
    @Test func countsAndResultMatchTheSameGraphBuiltWithTheAPI() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write(
            """
            node a: Root
            node b
            node x
            node y
            node z
            outside -> a
            outside -> a     # two variables hold a
            a -> b
            b -> a
            x -> y
            y -> z
            z -> x
            z -> z
            """,
            to: "graph.txt"
        )
        let page = scratch.path("graph.html")
        let result = try ReclaimExecutable.run(["explain", file, "--output", page])
        #expect(result.status == 0, "\(result.standardError)")
        let recording = try ExplainRecordingJSON(page: try String(contentsOfFile: page, encoding: .utf8))

        let heap = Heap()
        heap.disable()
        let a = TestNode(heap: heap)
        let holders = [a, a]
        let b = TestNode(heap: heap)
        a.next = [b]
        b.next = [a]
        var refcountZ = 0
        do {
            let x = TestNode(heap: heap)
            let y = TestNode(heap: heap)
            let z = TestNode(heap: heap)
            x.next = [y]
            y.next = [z]
            z.next = [x, z]
            refcountZ = GC.refcount(of: z) - 1
        }
        let refcountA = GC.refcount(of: a) - 1  // minus the `a` variable of this test
        let refcountB = GC.refcount(of: b) - 1
        #expect(recording.state(of: "a", in: "counts-copied")?.refcount == refcountA)
        #expect(recording.state(of: "b", in: "counts-copied")?.refcount == refcountB)
        #expect(recording.state(of: "z", in: "counts-copied")?.working == String(refcountZ))
        #expect(recording.state(of: "a", in: "internal-subtracted")?.working == "2")
        #expect(recording.state(of: "x", in: "internal-subtracted")?.working == "0")
        #expect(recording.collected == heap.collect())
        #expect(recording.collected == 3)
        #expect(result.standardOutput.contains("Unreachable (the garbage): x, y and z."))
        withExtendedLifetime(holders) {}
    }

    @Test func windowsLineEndingsAndWeakReferencesInsideTheGarbageAreHandled() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("node a\r\nnode b\r\na -> b\r\nb -> a\r\na ~> b\r\nb ~> b\r\n", to: "crlf.txt")
        let result = try ReclaimExecutable.run(["explain", file, "-o", scratch.path("crlf.html")])
        #expect(result.status == 0, "\(result.standardError)")
        let output = result.standardOutput
        #expect(output.contains("2 objects, 2 strong references (0 from outside the graph) and 2 weak references."))
        #expect(output.components(separatedBy: "a ~> b is garbage itself").count == 2, "reported once")
        #expect(output.contains("b ~> b is garbage itself: cleared without running its callback."))
        #expect(output.contains("(2 to WeakRef objects, not drawn)"))
        #expect(
            output.contains(
                "collect() returned 4: the unreachable objects it found, resurrected ones not counted, 2 of them WeakRef objects the page does not draw."
            )
        )
    }

    @Test func dotDrawsTheChosenPhase() throws {
        let result = try ReclaimExecutable.run(["explain", "--dot", "--phase", "clear"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("digraph reclaim_explain {"))
        #expect(result.standardOutput.contains("the built-in example: Garbage cleared"))
        #expect(result.standardOutput.contains("cleared; freed by ARC"))
        #expect(result.standardOutput.contains("outside -> n0;"))
        #expect(!result.standardOutput.contains("== 1."), "--dot prints only DOT")
    }

    @Test func svgIsDrawnByGraphvizOrTheErrorSaysHowToInstallIt() throws {
        let scratch = try ScratchDirectory()
        let image = scratch.path("rescued.svg")
        let result = try ReclaimExecutable.run(["explain", "--svg", "-o", image])
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let graphvizInstalled = path.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/dot")
        }
        #expect((result.status == 0) == graphvizInstalled, "\(result.standardError)")
        if graphvizInstalled {
            let svg = try String(contentsOfFile: image, encoding: .utf8)
            #expect(svg.contains("<svg"))
            #expect(svg.contains("editor: Editor"))
        } else {
            #expect(result.standardError.contains("Graphviz"), "\(result.standardError)")
            #expect(!FileManager.default.fileExists(atPath: image))
        }
    }

    @Test func theExampleFileReadsBackAsTheSameGraph() throws {
        let scratch = try ScratchDirectory()
        let example = try ReclaimExecutable.run(["explain", "--example"])
        #expect(example.status == 0)
        let file = try scratch.write(example.standardOutput, to: "example.txt")
        let fromFile = try ReclaimExecutable.run(["explain", file, "-o", scratch.path("a.html")])
        let builtIn = try ReclaimExecutable.run(["explain", "-o", scratch.path("a.html")])
        let body = { (output: String) in output.split(separator: "\n").dropFirst().dropLast().joined(separator: "\n") }
        #expect(fromFile.status == 0)
        #expect(body(fromFile.standardOutput) == body(builtIn.standardOutput))
    }

    @Test(
        arguments: [
            (
                "node a\nnode b\na -> c\n",
                "graph.txt:3: unknown node 'c'; declare it first with `node c` (declared: a, b)"
            ),
            ("node a\nnode a\n", "graph.txt:2: node 'a' is declared twice (first on line 1)"),
            ("node a\n\n# comment\na => a\n", "graph.txt:4: cannot read 'a => a'; expected one of:"),
            ("node a\nfinalizer a twice\n", "graph.txt:2: expected `finalizer NAME` or `finalizer NAME resurrects`"),
            ("node a\nfinalizer a\nfinalizer a\n", "graph.txt:3: 'a' already has a finalizer (line 2)"),
            ("node 9lives\n", "graph.txt:1: expected `node NAME` or `node NAME: TYPE`"),
            ("node outside\n", "graph.txt:1: 'outside' is a keyword of the file format; pick another name"),
            ("node node\n", "graph.txt:1: 'node' is a keyword of the file format; pick another name"),
            ("node a\na -> outside\n", "graph.txt:2: 'outside' stands for the program outside the graph"),
            ("node a\r\nnode b\r\na -> c\r\n", "graph.txt:3: unknown node 'c'"),
            ("node a: Bad-Type\n", "graph.txt:1: type 'Bad-Type' is not a type name"),
            ("# nothing here\n", "graph.txt: no nodes; declare at least one with `node NAME`"),
        ]
    )
    func malformedGraphFilesAreRejectedNamingTheLine(text: String, message: String) throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write(text, to: "graph.txt")
        let result = try ReclaimExecutable.run(["explain", file, "-o", scratch.path("out.html")])
        #expect(result.status != 0)
        #expect(result.standardError.contains(file.dropLast("graph.txt".count) + message), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out.html")))
    }

    @Test func aFileThatIsNotTextIsRejected() throws {
        let scratch = try ScratchDirectory()
        let file = scratch.path("binary.txt")
        try Data([0x6E, 0x6F, 0x64, 0x65, 0x20, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: file))
        let result = try ReclaimExecutable.run(["explain", file, "-o", scratch.path("out.html")])
        #expect(result.status != 0)
        #expect(result.standardError.contains("\(file): not UTF-8 text"), "\(result.standardError)")
        let directory = try ReclaimExecutable.run(["explain", scratch.url.path])
        #expect(directory.standardError.contains("cannot read graph file '\(scratch.url.path)': Is a directory"))
    }

    @Test func tooManyNodesAreRejectedAtTheFirstOneTooMany() throws {
        let scratch = try ScratchDirectory()
        let text = (0...40).map { "node n\($0)" }.joined(separator: "\n")
        let file = try scratch.write(text, to: "big.txt")
        let result = try ReclaimExecutable.run(["explain", file, "-o", scratch.path("out.html")])
        #expect(result.status != 0)
        #expect(result.standardError.contains("big.txt:41: more than 40 nodes"))
    }

    @Test(
        arguments: [
            (
                ["explain", "/nonexistent/graph.txt"],
                "cannot read graph file '/nonexistent/graph.txt': No such file or directory"
            ),
            (["explain", "--dot", "--svg"], "--dot and --svg cannot be combined"),
            (["explain", "--phase", "sweep"], "unknown phase 'sweep'; the phases are graph, counts-copied"),
            (
                ["explain", "-o", "/nonexistent/dir/page.html"],
                "cannot write '/nonexistent/dir/page.html': no directory '/nonexistent/dir'"
            ),
        ]
    )
    func badArgumentsGetAClearError(arguments: [String], message: String) throws {
        let result = try ReclaimExecutable.run(arguments)
        #expect(result.status != 0)
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }

    @Test func helpDescribesTheFileFormatAndThePhases() throws {
        let result = try ReclaimExecutable.run(["explain", "--help"])
        #expect(result.status == 0)
        let help = result.standardOutput
        #expect(help.contains("OVERVIEW: Show a real collection of a small graph, step by step, as a web page."))
        #expect(help.contains("USAGE: reclaim explain [<graph-file>]"))
        for text in [
            "node NAME [: TYPE]         an object", "outside ~> NAME", "finalizer NAME resurrects", "--dot", "--svg",
            "--phase <id>", "--example",
        ] {
            #expect(help.contains(text), "help mentions \(text)")
        }
        for id in Self.phaseIDs {
            #expect(help.contains(id), "help lists phase \(id)")
        }
    }
}

/// A tracked node with any number of strong references.
private final class TestNode: GCObject {
    var next: [TestNode] = []

    override func traverse(_ visit: (GCObject) -> Void) {
        for node in next { visit(node) }
    }

    override func clear() { next = [] }
}
