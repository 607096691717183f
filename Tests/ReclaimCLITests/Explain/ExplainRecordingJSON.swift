import Foundation

/// The recording embedded in a page written by `reclaim explain`, read back for tests.
struct ExplainRecordingJSON: Decodable {
    struct Node: Decodable {
        var name: String
        var typeName: String
    }

    struct NodeState: Decodable {
        var status: String
        var refcount: Int?
        var working: String?
    }

    struct Phase: Decodable {
        var id: String
        var title: String
        var details: [String]
        var nodes: [NodeState]
        var edges: [String]
    }

    var nodes: [Node]
    var phases: [Phase]
    var collected: Int

    /// Reads the JSON between `<script type="application/json" id="recording">` and `</script>`.
    init(page: String) throws {
        let opening = "<script type=\"application/json\" id=\"recording\">"
        guard let start = page.range(of: opening),
            let end = page.range(of: "</script>", range: start.upperBound..<page.endIndex)
        else {
            throw CocoaError(.fileReadCorruptFile)
        }
        self = try JSONDecoder().decode(Self.self, from: Data(page[start.upperBound..<end.lowerBound].utf8))
    }

    /// The state of the node named `name` in the phase `phaseID`.
    func state(of name: String, in phaseID: String) -> NodeState? {
        guard let node = nodes.firstIndex(where: { $0.name == name }),
            let phase = phases.first(where: { $0.id == phaseID })
        else { return nil }
        return phase.nodes[node]
    }
}
