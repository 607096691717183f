/// Places the nodes of a graph description in columns for the page: the outside box on the
/// left, then each node one column right of the first node found to reference it, breadth
/// first from the roots. Nodes no root reaches start new bands below, so the garbage sits
/// apart from the live objects.
struct GraphLayout {
    static let nodeWidth = 184
    static let nodeHeight = 66
    static let columnSpacing = 230
    static let rowSpacing = 104
    static let margin = 36

    /// The top-left corner of each node's box, parallel to the description's nodes.
    var positions: [CollectionRecording.Position] = []
    /// The top-left corner of the outside box.
    var outside = CollectionRecording.Position(x: margin, y: margin)
    var width = 0
    var height = 0

    init(_ description: GraphDescription) {
        let count = description.nodes.count
        var successors = [[Int]](repeating: [], count: count)
        var roots: [Int] = []
        for reference in description.strongReferences {
            switch reference.holder {
            case .outside: roots.append(reference.target)
            case .node(let source): successors[source].append(reference.target)
            }
        }
        var column = [Int](repeating: -1, count: count)
        var row = [Int](repeating: 0, count: count)
        var bandStart = 0
        var bandHeight = 0
        var rowsUsed: [Int: Int] = [:]

        func place(_ node: Int, in nodeColumn: Int) {
            column[node] = nodeColumn
            row[node] = bandStart + rowsUsed[nodeColumn, default: 0]
            rowsUsed[nodeColumn, default: 0] += 1
            bandHeight = max(bandHeight, rowsUsed[nodeColumn, default: 0])
        }
        func placeBand(from starts: [Int]) {
            var queue: [Int] = []
            for start in starts where column[start] < 0 {
                place(start, in: 1)
                queue.append(start)
            }
            var next = 0
            while next < queue.count {
                let node = queue[next]
                next += 1
                for target in successors[node] where column[target] < 0 {
                    place(target, in: column[node] + 1)
                    queue.append(target)
                }
            }
            bandStart += bandHeight
            bandHeight = 0
            rowsUsed = [:]
        }
        placeBand(from: roots)
        for node in 0..<count where column[node] < 0 {
            placeBand(from: [node])
        }

        positions = (0..<count).map { node in
            CollectionRecording.Position(
                x: Self.margin + column[node] * Self.columnSpacing,
                y: Self.margin + row[node] * Self.rowSpacing
            )
        }
        let columns = (column.max() ?? 0) + 1
        let rows = max(bandStart, 1)
        width = 2 * Self.margin + (columns - 1) * Self.columnSpacing + Self.nodeWidth
        height = 2 * Self.margin + (rows - 1) * Self.rowSpacing + Self.nodeHeight
    }
}
