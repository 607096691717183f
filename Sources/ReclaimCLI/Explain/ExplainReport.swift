/// The text `reclaim explain` prints: each phase's title and what happened to the graph.
struct ExplainReport {
    let recording: CollectionRecording
    let console: Console

    func print() {
        let edges = recording.edges.count
        console.title("Reclaim explain: \(recording.source), \(recording.nodes.count) objects, \(edges) references")
        for (index, phase) in recording.phases.enumerated() {
            console.heading("\(index + 1). \(phase.title) [\(phase.id)]")
            for line in phase.details {
                console.paragraph("  " + line)
            }
        }
    }
}
