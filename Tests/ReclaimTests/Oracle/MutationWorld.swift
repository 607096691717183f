import Reclaim
import ReclaimTestSupport

/// A live object graph that the test mutates at random, mirrored in a `ReachabilityModel`.
///
/// The test holds only roots; every other node is reached by walking real references from
/// them, so whatever becomes unreachable really is unreachable for the collector.
struct MutationWorld {
    let heap: Heap
    let record: LifeRecord
    var model = ReachabilityModel()
    private var roots: [GraphNode] = []
    private var rootBoxes: [UntrackedBox] = []
    private var nextNodeID = 0
    /// Each node's identifier by object identity, for collection traces (a freed node's
    /// identity may be reused: the newer node replaces it).
    private(set) var nodeIDs: [ObjectIdentifier: Int] = [:]
    private var nextBoxID = 0

    init(heap: Heap, record: LifeRecord) {
        self.heap = heap
        self.record = record
    }

    func actualAlive() -> Set<Int> {
        Set(0..<nextNodeID).subtracting(record.freed)
    }

    mutating func dropAllRoots() {
        roots = []
        rootBoxes = []
        model.rootNodes = []
        model.rootBoxes = []
        model.applyReferenceCounting()
    }

    mutating func applyRandomOperation(rng: inout SplitMix64) {
        let reachable = model.reachableNodes().sorted()
        let pick = reachable.randomElement(using: &rng).flatMap { find($0) }
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<30:
            let id = nextNodeID
            nextNodeID += 1
            let node = GraphNode(id: id, record: record, heap: heap)
            nodeIDs[ObjectIdentifier(node)] = id
            model.addNode(id)
            if let pick, Bool.random(using: &rng) {
                pick.edges.append(node)
                model.nodeEdges[pick.id, default: []].append(id)
            } else {
                roots.append(node)
                model.rootNodes.append(id)
            }
        case 30..<55:
            guard let pick, let target = reachable.randomElement(using: &rng).flatMap({ find($0) }) else { return }
            pick.edges.append(target)
            model.nodeEdges[pick.id, default: []].append(target.id)
        case 55..<75:
            guard let pick, !pick.edges.isEmpty else { return }
            let position = Int.random(in: 0..<pick.edges.count, using: &rng)
            pick.edges.remove(at: position)
            model.nodeEdges[pick.id, default: []].remove(at: position)
        case 75..<85:
            guard !roots.isEmpty else { return }
            let position = Int.random(in: 0..<roots.count, using: &rng)
            roots.remove(at: position)
            model.rootNodes.remove(at: position)
        case 85..<92:
            guard let pick else { return }
            roots.append(pick)
            model.rootNodes.append(pick.id)
        default:
            guard let pick, let target = reachable.randomElement(using: &rng).flatMap({ find($0) }) else { return }
            let box = UntrackedBox(id: nextBoxID)
            model.addBox(nextBoxID)
            nextBoxID += 1
            box.targets.append(target)
            model.boxTargets[box.id, default: []].append(target.id)
            if Bool.random(using: &rng) {
                pick.boxes.append(box)
                model.nodeBoxes[pick.id, default: []].append(box.id)
            } else {
                rootBoxes.append(box)
                model.rootBoxes.append(box.id)
            }
        }
        model.applyReferenceCounting()
    }

    /// Finds a node by walking real references from the roots.
    private func find(_ id: Int) -> GraphNode? {
        var seen = Set<ObjectIdentifier>()
        var nodes = roots
        var boxes = rootBoxes
        while !nodes.isEmpty || !boxes.isEmpty {
            if let node = nodes.popLast() {
                guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
                if node.id == id { return node }
                nodes += node.edges
                boxes += node.boxes
            } else if let box = boxes.popLast() {
                guard seen.insert(ObjectIdentifier(box)).inserted else { continue }
                nodes += box.targets
            }
        }
        return nil
    }
}
