import Reclaim
import ReclaimInspection
import ReclaimTestSupport
import Testing

/// Randomized proof that `ReferenceWalker` and `ReferenceGraph` find exactly the cycles ARC
/// can never free among plain objects, against an independent model.
///
/// Each world is a random graph of plain class instances whose references are stored every
/// way Swift stores them: properties, optionals, arrays of objects, optionals and structs,
/// dictionary values, `Any` (inline and boxed), protocol existentials of classes and
/// structs, enum payloads (an `indirect` case too), closures capturing strongly (alone, with
/// other values, or through another closure), and the same places holding `weak`,
/// `unowned` and `unowned(unsafe)` references, which must not count. Some objects are held by
/// the test (roots). The model, from the list of strong edges alone, predicts which objects
/// ARC keeps alive and which of them only cycles keep alive; the test checks that ARC agrees
/// (through weak references) and that the graph built by walking the live objects marks
/// exactly those as unreachable from outside, with exactly the model's cycle members. Half the
/// worlds have no cycle at all: they must report nothing. No allocation tracer is needed, so
/// this also runs under AddressSanitizer.
@Suite struct PlainObjectOracleTests {
    protocol Marked: AnyObject {}
    protocol Shape {}

    struct Pair {
        var object: OracleObject
        var number: Int
    }

    struct Big {
        var object: OracleObject
        var a = 1
        var b = 2
        var c = 3
    }

    struct ShapeHolder: Shape {
        var object: OracleObject
    }

    enum Payload {
        case none
        case one(OracleObject)
        case two(Int, OracleObject)
        indirect case link(OracleObject)
    }

    struct WeakBox {
        weak var object: OracleObject?
    }

    struct UnownedBox {
        unowned var object: OracleObject
    }

    struct UnsafeBox {
        unowned(unsafe) var object: OracleObject
    }

    final class OracleObject: Marked, Shape {
        var number = 0
        var direct: OracleObject?
        var list: [OracleObject] = []
        var optionals: [OracleObject?] = []
        var pairs: [Pair] = []
        var table: [Int: OracleObject] = [:]
        var anyValues: [Any] = []
        var marked: [any Marked] = []
        var shapes: [any Shape] = []
        var payloads: [Payload] = []
        var closures: [() -> Int] = []
        var weakBoxes: [WeakBox] = []
        var unownedBoxes: [UnownedBox] = []
        var unsafeBoxes: [UnsafeBox] = []
        weak var weakDirect: OracleObject?

        /// Drops every reference this object holds.
        func clearAll() {
            direct = nil
            list = []
            optionals = []
            pairs = []
            table = [:]
            anyValues = []
            marked = []
            shapes = []
            payloads = []
            closures = []
            weakBoxes = []
            unownedBoxes = []
            unsafeBoxes = []
            weakDirect = nil
        }
    }

    /// The ways an edge is stored; the first ones are strong.
    enum Storage: CaseIterable {
        case direct, list, optional, pair, table, anyObject, anyInline, anyBoxed, marked, shapeOfClass
        case shapeOfStruct, payloadOne, payloadTwo, payloadIndirect, closureAlone, closureWithValue
        case closureThroughClosure
        case weakDirect, weakBox, unownedBox, unsafeBox, weakClosure, unownedClosure

        var isStrong: Bool {
            switch self {
            case .weakDirect, .weakBox, .unownedBox, .unsafeBox, .weakClosure, .unownedClosure: false
            default: true
            }
        }
    }

    struct Edge {
        var from: Int
        var to: Int
        var storage: Storage
    }

    static func store(_ edge: Edge, in objects: [OracleObject], salt: Int) {
        let source = objects[edge.from]
        let target = objects[edge.to]
        switch edge.storage {
        case .direct:
            if source.direct == nil { source.direct = target } else { source.list.append(target) }
        case .list: source.list.append(target)
        case .optional: source.optionals += [nil, target]
        case .pair: source.pairs.append(Pair(object: target, number: salt))
        case .table: source.table[salt] = target
        case .anyObject: source.anyValues.append(target)
        case .anyInline: source.anyValues.append(Pair(object: target, number: salt))
        case .anyBoxed: source.anyValues.append(Big(object: target))
        case .marked: source.marked.append(target)
        case .shapeOfClass: source.shapes.append(target)
        case .shapeOfStruct: source.shapes.append(ShapeHolder(object: target))
        case .payloadOne: source.payloads += [.none, .one(target)]
        case .payloadTwo: source.payloads.append(.two(salt, target))
        case .payloadIndirect: source.payloads.append(.link(target))
        case .closureAlone: source.closures.append { target.number }
        case .closureWithValue: source.closures.append { target.number + salt }
        case .closureThroughClosure:
            let inner = { target.number }
            source.closures.append { inner() + salt }
        case .weakDirect:
            if source.weakDirect == nil {
                source.weakDirect = target
            } else {
                source.weakBoxes.append(WeakBox(object: target))
            }
        case .weakBox: source.weakBoxes.append(WeakBox(object: target))
        case .unownedBox: source.unownedBoxes.append(UnownedBox(object: target))
        case .unsafeBox: source.unsafeBoxes.append(UnsafeBox(object: target))
        case .weakClosure: source.closures.append { [weak target] in target?.number ?? salt }
        case .unownedClosure: source.closures.append { [unowned target] in target.number + salt }
        }
    }

    /// What the model predicts from the strong edges: which objects ARC keeps alive, which of
    /// those only cycles keep alive, and which of those are on a cycle.
    struct Prediction {
        var alive: Set<Int>
        var leaked: Set<Int>
        var onCycles: Set<Int>
    }

    static func predict(count: Int, edges: [Edge], roots: Set<Int>) -> Prediction {
        var successors = Array(repeating: [Int](), count: count)
        for edge in edges where edge.storage.isStrong { successors[edge.from].append(edge.to) }
        func reach(from starts: [Int]) -> Set<Int> {
            var seen = Set(starts)
            var stack = starts
            while let node = stack.popLast() {
                for next in successors[node] where seen.insert(next).inserted { stack.append(next) }
            }
            return seen
        }
        let onCycles = Set((0..<count).filter { node in reach(from: successors[node]).contains(node) })
        let fromRoots = reach(from: Array(roots))
        let alive = fromRoots.union(reach(from: Array(onCycles)))
        let leaked = alive.subtracting(fromRoots)
        return Prediction(alive: alive, leaked: leaked, onCycles: onCycles.intersection(leaked))
    }

    /// Builds a world, drops every reference but the roots', and returns weak references to
    /// every object and the roots.
    @inline(never)
    static func build(count: Int, edges: [Edge], roots: Set<Int>) -> (watch: [WeakBox], roots: [OracleObject]) {
        let objects = (0..<count).map { index in
            let object = OracleObject()
            object.number = index
            return object
        }
        for (salt, edge) in edges.enumerated() { store(edge, in: objects, salt: salt) }
        return (objects.map { WeakBox(object: $0) }, roots.sorted().map { objects[$0] })
    }

    /// The addresses of the watched objects still alive (no strong reference outlives this).
    @inline(never)
    static func liveAddresses(_ watch: [WeakBox]) -> [Int: UnsafeRawPointer] {
        var result: [Int: UnsafeRawPointer] = [:]
        for (index, box) in watch.enumerated() {
            if let object = box.object { result[index] = UnsafeRawPointer(Unmanaged.passUnretained(object).toOpaque()) }
        }
        return result
    }

    /// Breaks every reference among the live objects, so the world is freed.
    @inline(never)
    static func tearDown(_ watch: [WeakBox]) {
        let live = watch.compactMap(\.object)
        for object in live { object.clearAll() }
    }

    struct Coverage {
        var leakedObjects = 0
        var worldsWithoutLeaks = 0
        var storagesUsed: Set<String> = []
    }

    @Test(arguments: 0..<4)
    func theGraphFindsExactlyTheCyclesTheModelPredicts(batch: UInt64) {
        var coverage = Coverage()
        for seed in (batch * 100)..<(batch * 100 + 100) {
            checkWorld(seed: seed, coverage: &coverage)
        }
        #expect(coverage.leakedObjects > 0, "batch \(batch): no world leaked")
        #expect(coverage.worldsWithoutLeaks > 0, "batch \(batch): every world leaked")
        #expect(coverage.storagesUsed.count == Storage.allCases.count, "batch \(batch): some storage was never used")
    }

    private func checkWorld(seed: UInt64, coverage: inout Coverage) {
        var rng = SplitMix64(seed: 0x0AC1E_0000 &+ seed)
        let count = Int.random(in: 2...24, using: &rng)
        let acyclic = seed % 2 == 0
        var edges: [Edge] = []
        for _ in 0..<Int.random(in: 0...(count * 3), using: &rng) {
            var from = Int.random(in: 0..<count, using: &rng)
            var to = Int.random(in: 0..<count, using: &rng)
            let storage = Storage.allCases.randomElement(using: &rng)!
            if acyclic && storage.isStrong {
                if from == to { continue }
                if from > to { swap(&from, &to) }
            }
            edges.append(Edge(from: from, to: to, storage: storage))
            coverage.storagesUsed.insert("\(storage)")
        }
        let roots = Set((0..<count).filter { _ in Int.random(in: 0..<4, using: &rng) == 0 })
        let prediction = Self.predict(count: count, edges: edges, roots: roots)

        let (watch, rootObjects) = Self.build(count: count, edges: edges, roots: roots)
        let live = Self.liveAddresses(watch)
        #expect(Set(live.keys) == prediction.alive, "seed \(seed): ARC kept other objects alive than the model")

        let vertices = live.sorted { $0.key < $1.key }
        let graph = ReferenceGraph(reachableFrom: vertices.map(\.value))
        let unreachable = graph.unreachableFromOutside()
        var leaked: Set<Int> = []
        var nodeOfVertex: [Int: Int] = [:]
        for (vertex, address) in vertices {
            guard let node = graph.node(of: address) else { continue }
            nodeOfVertex[node] = vertex
            if unreachable[node] { leaked.insert(vertex) }
        }
        #expect(
            leaked == prediction.leaked,
            "seed \(seed): leaked \(leaked.sorted()), model \(prediction.leaked.sorted())"
        )
        let inCycles = Set(graph.cycles(among: unreachable).joined().compactMap { nodeOfVertex[$0] })
        #expect(inCycles == prediction.onCycles, "seed \(seed): on cycles \(inCycles.sorted())")
        #expect(graph.unreadableCounts.isEmpty, "seed \(seed): some place could not be read")
        if acyclic { #expect(leaked.isEmpty, "seed \(seed): a world without cycles reported a leak") }
        if leaked.isEmpty { coverage.worldsWithoutLeaks += 1 }
        coverage.leakedObjects += leaked.count

        Self.tearDown(watch)
        withExtendedLifetime(rootObjects) {}
    }
}
