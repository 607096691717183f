import Reclaim
import ReclaimRendering
import Testing

@Suite struct GraphvizExportTests {
    static let header = """
        digraph ObjectGraph {
            node [shape=box, style="rounded,filled", fillcolor="white", fontname="Helvetica"];
            edge [fontname="Helvetica", fontsize=10];

        """
    static let legend = """
            subgraph cluster_legend {
                label="Legend";
                legend_start [label="start object", color="#1f4e9c", penwidth=3];
                legend_unreachable [label="unreachable: a full collection would free it", fillcolor="#ff9999"];
            }
        }

        """

    /// `window.root → outer.children → [first, second]`, `first.delegate → controller`.
    static func buildWindow(heap: Heap, controller: Controller) -> Window {
        let window = Window(heap: heap)
        window.root = View(heap: heap)
        window.root?.children = [View(heap: heap), View(heap: heap)]
        window.root?.children[0].delegate = controller
        controller.view = window.root?.children[0]
        return window
    }

    @Test func exactTextOfASmallGraphWithRefcounts() {
        let heap = Heap()
        let controller = Controller(heap: heap)
        let window = Self.buildWindow(heap: heap, controller: controller)
        let dot = GraphvizExport(showsRefcounts: true).dot(of: [window], in: heap)
        #expect(
            dot == Self.header + """
                    o1 [label="Window\\nrefcount 1", color="#1f4e9c", penwidth=3];
                    o2 [label="View\\nrefcount 1"];
                    o3 [label="View\\nrefcount 1"];
                    o4 [label="View\\nrefcount 1"];
                    o5 [label="Controller\\nrefcount 2"];
                    o1 -> o2 [label="root"];
                    o2 -> o3 [label="children[]"];
                    o2 -> o4 [label="children[]"];
                    o3 -> o5 [label="delegate"];

                """ + Self.legend
        )
    }

    @Test func refcountsMatchWhatTheCallerReads() throws {
        let heap = Heap()
        let controller = Controller(heap: heap)
        let window = Self.buildWindow(heap: heap, controller: controller)
        let alias = controller
        let first = try #require(window.root?.children.first)
        let export = GraphvizExport(maxDepth: 1, showsRefcounts: true)
        let dot = export.dot(of: [first, controller, alias], in: heap)
        #expect(GC.refcount(of: controller) == 3, "the locals controller and alias, and first.delegate")
        #expect(GC.refcount(of: first) == 2, "the local first and outer.children")
        #expect(
            dot == Self.header + """
                    o1 [label="View\\nrefcount 2", color="#1f4e9c", penwidth=3];
                    o2 [label="Controller\\nrefcount 3", color="#1f4e9c", penwidth=3];
                    o1 -> o2 [label="delegate"];

                """ + Self.legend
        )
    }

    @Test func referrersAndUnreachableObjectsAreHighlighted() {
        let heap = Heap()
        heap.disable()
        let target = Controller(heap: heap)
        do {
            let a = Pair(heap: heap)
            let b = Pair(heap: heap)
            a.first = b
            b.first = a
            a.second = target
        }
        let export = GraphvizExport(direction: .referrers)
        #expect(
            export.dot(of: [target], in: heap) == Self.header + """
                    o1 [label="Controller", color="#1f4e9c", penwidth=3];
                    o2 [label="Pair", fillcolor="#ff9999"];
                    o3 [label="Pair", fillcolor="#ff9999"];
                    o2 -> o1 [label="second"];
                    o3 -> o2 [label="first"];
                    o2 -> o3 [label="first"];

                """ + Self.legend
        )
        #expect(heap.collect() == 2)
        #expect(
            export.dot(of: [target], in: heap) == Self.header + """
                    o1 [label="Controller", color="#1f4e9c", penwidth=3];

                """ + Self.legend
        )
    }

    @Test func tooManyNeighboursAreSummarized() {
        let heap = Heap()
        let view = View(heap: heap)
        view.children = (0..<4).map { _ in View(heap: heap) }
        let export = GraphvizExport(maxDepth: 1, tooMany: 2, highlightsUnreachable: false)
        let legendWithoutUnreachable = """
                subgraph cluster_legend {
                    label="Legend";
                    legend_start [label="start object", color="#1f4e9c", penwidth=3];
                }
            }

            """
        #expect(
            export.dot(of: [view], in: heap) == Self.header + """
                    o1 [label="View", color="#1f4e9c", penwidth=3];
                    o2 [label="View"];
                    o3 [label="View"];
                    o1 -> o2 [label="children[]"];
                    o1 -> o3 [label="children[]"];
                    o1_more [label="2 more referents", shape=plaintext, style=""];
                    o1 -> o1_more [style=dashed];

                """ + legendWithoutUnreachable
        )
    }

    @Test func labelsAreEscaped() {
        let heap = Heap()
        let window = Window(heap: heap)
        let export = GraphvizExport(maxDepth: 0) { _ in "say \"hi\"\\path\nnext" }
        #expect(
            export.dot(of: [window], in: heap) == Self.header + """
                    o1 [label="Window\\nsay \\"hi\\"\\\\path\\nnext", color="#1f4e9c", penwidth=3];

                """ + Self.legend
        )
    }

    @Test func maxDepthStopsTheWalkAndSharedObjectsAreDrawnOnce() {
        let heap = Heap()
        let pair = Pair(heap: heap)
        let controller = Controller(heap: heap)
        pair.first = controller
        pair.second = controller
        let dot = GraphvizExport(maxDepth: 1).dot(of: [pair, pair], in: heap)
        #expect(
            dot == Self.header + """
                    o1 [label="Pair", color="#1f4e9c", penwidth=3];
                    o2 [label="Controller"];
                    o1 -> o2 [label="first | second"];

                """ + Self.legend
        )
    }
}
