import Foundation
import Reclaim
import ReclaimRendering
import Testing

@Suite struct GraphvizRendererTests {
    static let isDotInstalled = GraphvizRenderer().executablePath() != nil
    static let smallGraph = "digraph G { a -> b; }\n"

    @Test(.enabled(if: isDotInstalled, "Graphviz's dot is not installed"))
    func rendersAnExportedGraphAsSVG() throws {
        let heap = Heap()
        let pair = Pair(heap: heap)
        pair.first = Controller(heap: heap)
        let svg = try GraphvizRenderer().svg(fromDOT: GraphvizExport().dot(of: [pair], in: heap))
        #expect(svg.contains("<svg"))
        #expect(svg.contains("</svg>"))
        #expect(svg.contains(">Controller<"))
    }

    @Test(.enabled(if: isDotInstalled, "Graphviz's dot is not installed"))
    func writesAnSVGFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reclaim-\(UUID().uuidString).svg")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try GraphvizRenderer().writeSVG(fromDOT: Self.smallGraph, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("<svg"))
    }

    @Test(.enabled(if: isDotInstalled, "Graphviz's dot is not installed"))
    func aFailureOfDotCarriesItsErrorOutput() throws {
        let invalid = "digraph {\n"
        let error = try #require(throws: GraphvizError.self) { try GraphvizRenderer().svg(fromDOT: invalid) }
        guard case .dotFailed(_, let status, let standardError, let dot) = error else {
            Issue.record("expected dotFailed, got \(error)")
            return
        }
        #expect(status != 0)
        #expect(standardError.contains("syntax error"))
        #expect(dot == invalid)
        #expect(error.description.contains("exited with status \(status): \(standardError)"))
    }

    @Test func aMissingDotSaysHowToInstallItAndKeepsTheDOT() throws {
        let renderer = GraphvizRenderer(program: "dot", searchPath: "")
        #expect(renderer.executablePath() == nil)
        let error = try #require(throws: GraphvizError.self) { try renderer.svg(fromDOT: Self.smallGraph) }
        #expect(error.dot == Self.smallGraph)
        #expect(
            error.description
                == "Graphviz's 'dot' program was not found in an empty PATH. Install Graphviz to render SVG "
                + "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz); "
                + "the DOT text is still available as the error's `dot`."
        )
    }

    @Test func aSearchPathWithoutDotIsNamedInTheError() throws {
        let renderer = GraphvizRenderer(program: "dot", searchPath: "/nonexistent/bin:/nonexistent/sbin")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("never-\(UUID().uuidString).svg").path
        let error = try #require(throws: GraphvizError.self) {
            try renderer.writeSVG(fromDOT: Self.smallGraph, to: path)
        }
        #expect(
            error.description.hasPrefix(
                "Graphviz's 'dot' program was not found in PATH (/nonexistent/bin:/nonexistent/sbin)."
            )
        )
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
