import Reclaim
import Testing

/// The README's examples, verbatim apart from the assertions.
@Suite struct ReadmeExampleTests {
    final class TreeNode: GCObject {
        var parent: TreeNode?
        var children: [TreeNode] = []

        override func traverse(_ visit: (GCObject) -> Void) {
            report(parent, to: visit)
            children.traceReferences(visit)
        }

        override func clear() {
            parent = nil
            children = []
        }
    }

    @Test func aTreeWithParentPointersLeaksWithARCAndIsCollected() {
        onFreshThread {
            weak var weakRoot: TreeNode?
            do {
                let root = TreeNode()
                for _ in 0..<3 {
                    let child = TreeNode()
                    child.parent = root
                    root.children.append(child)
                }
                weakRoot = root
            }
            #expect(weakRoot != nil, "plain ARC: all four nodes leak here")
            #expect(GC.collect() == 4)
            #expect(weakRoot == nil)
        }
    }

    /// Stands for the README's `Parser(data).makeTree()`: synchronous code that creates its
    /// nodes with `TreeNode()`.
    static func makeTree(pages: Int) -> TreeNode {
        let root = TreeNode()
        for _ in 0..<pages {
            let child = TreeNode()
            child.parent = root
            root.children.append(child)
        }
        return root
    }

    actor DocumentModel {
        private let heap = Heap()
        private var root: TreeNode?

        func reload(pages: Int) async -> (collected: Int, rootIsInHeap: Bool) {
            await heap.withCurrent {
                await Task.yield()  // stands for `try await download(url)`
                root = makeTree(pages: pages)
            }
            let collected = heap.collect()
            return (collected, root.map { Heap.tracking($0) === heap } ?? false)
        }
    }

    @Test func theActorExampleCollectsTheTreesItReplaces() async {
        let model = DocumentModel()
        let first = await model.reload(pages: 3)
        #expect(first.collected == 0 && first.rootIsInHeap)
        let second = await model.reload(pages: 3)
        #expect(second.collected == 4, "the first tree became garbage when the second replaced it")
    }

    /// The README's `Connection` example, with `print` replaced by a list the test reads.
    final class Connection: GCObject {
        var peer: Connection?
        let name: String
        let closed: Journal

        init(name: String, closed: Journal) {
            self.name = name
            self.closed = closed
            super.init()
        }

        override func traverse(_ visit: (GCObject) -> Void) { report(peer, to: visit) }
        override func clear() { peer = nil }
        override func finalize() { closed.append("closing \(name)") }
    }

    @Test func finalizersWeakReferencesAndTheLeakHunt() {
        onFreshThread {
            let closed = Journal()
            var gone = 0
            var watch: WeakRef<Connection>?
            do {
                let session = Connection(name: "db", closed: closed)
                watch = WeakRef(session) { _ in gone += 1 }
                #expect(watch?.object === session)
                #expect(watch?() === session)
                let other = Connection(name: "cache", closed: closed)
                session.peer = other
                other.peer = session
            }
            let capture = LogCapture()
            GC.logger = capture.logger()
            GC.debugFlags = .leak
            #expect(GC.collect() == 2)
            #expect(gone == 1, "the weak reference was cleared and called back")
            #expect(watch?.object == nil)
            #expect(closed.events.sorted() == ["closing cache", "closing db"])
            closed.removeAll()
            #expect(capture.lines.filter { $0.hasPrefix("info: gc: collectable <Connection 0x") }.count == 2)
            #expect(GC.garbage.count == 2)
            for object in GC.garbage {
                #expect(GC.referents(of: object).map { "\(type(of: $0))" } == ["Connection"])
            }
            GC.debugFlags = []
            GC.garbage.removeAll()
            #expect(GC.collect() == 2)
            #expect(closed.events.isEmpty, "finalizers do not run twice")
        }
    }
}
