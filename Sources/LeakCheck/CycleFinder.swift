import Reclaim

/// The references among a set of objects (as their `traverse` reports them), and the cycles
/// they form.
struct CycleFinder {
    /// For each object (by index), the indices of the objects in the set it refers to.
    private let successors: [[Int]]

    init(objects: [GCObject]) {
        var indexByIdentifier: [ObjectIdentifier: Int] = [:]
        for (index, object) in objects.enumerated() { indexByIdentifier[ObjectIdentifier(object)] = index }
        successors = objects.map { object in
            var targets: [Int] = []
            object.traverse { referent in
                if let target = indexByIdentifier[ObjectIdentifier(referent)] { targets.append(target) }
            }
            return targets
        }
    }

    /// The strongly connected components that contain a cycle (more than one object, or one
    /// that refers to itself), each sorted, in order of their smallest index.
    ///
    /// - Complexity: O(*n* + *e*) (Tarjan's algorithm, with an explicit stack).
    func cycles() -> [[Int]] {
        let count = successors.count
        var order = [Int](repeating: -1, count: count)
        var lowLink = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var componentStack: [Int] = []
        var components: [[Int]] = []
        var nextOrder = 0
        for root in 0..<count where order[root] < 0 {
            var callStack: [(node: Int, nextEdge: Int)] = [(root, 0)]
            order[root] = nextOrder
            lowLink[root] = nextOrder
            nextOrder += 1
            componentStack.append(root)
            onStack[root] = true
            while let (node, edge) = callStack.last {
                if edge < successors[node].count {
                    callStack[callStack.count - 1].nextEdge += 1
                    let target = successors[node][edge]
                    if order[target] < 0 {
                        order[target] = nextOrder
                        lowLink[target] = nextOrder
                        nextOrder += 1
                        componentStack.append(target)
                        onStack[target] = true
                        callStack.append((target, 0))
                    } else if onStack[target] {
                        lowLink[node] = min(lowLink[node], order[target])
                    }
                    continue
                }
                callStack.removeLast()
                if let parent = callStack.last?.node { lowLink[parent] = min(lowLink[parent], lowLink[node]) }
                guard lowLink[node] == order[node] else { continue }
                var component: [Int] = []
                while let member = componentStack.popLast() {
                    onStack[member] = false
                    component.append(member)
                    if member == node { break }
                }
                if component.count > 1 || successors[node].contains(node) { components.append(component.sorted()) }
            }
        }
        return components.sorted { $0[0] < $1[0] }
    }

    /// The shortest path of references from `start` back to itself that stays within
    /// `component`, as the objects visited, starting with `start`.
    func shortestCycle(through start: Int, within component: Set<Int>) -> [Int] {
        var parent: [Int: Int] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for target in successors[node] where component.contains(target) {
                if target == start {
                    var path = [node]
                    while let previous = parent[path[path.count - 1]] { path.append(previous) }
                    return path.reversed()
                }
                if parent[target] == nil && target != start {
                    parent[target] = node
                    queue.append(target)
                }
            }
        }
        return [start]
    }
}
