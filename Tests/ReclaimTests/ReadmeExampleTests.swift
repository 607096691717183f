import Reclaim
import Testing

/// The README's examples, verbatim apart from the assertions.
@Suite struct ReadmeExampleTests {
    final class TreeNode: GCObject {
        var parent: TreeNode?
        var children: [TreeNode] = []

        override func traverse(_ visit: (GCObject) -> Void) {
            if let parent { visit(parent) }
            for child in children { visit(child) }
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

    actor DocumentModel {
        private let heap = Heap()
        private var root: TreeNode?

        func rebuild() -> Int {
            let root = TreeNode(heap: heap)
            for _ in 0..<3 {
                let child = TreeNode(heap: heap)
                child.parent = root
                root.children.append(child)
            }
            self.root = root
            return heap.collect()
        }
    }

    @Test func theActorExampleCollectsTheTreesItReplaces() async {
        let model = DocumentModel()
        #expect(await model.rebuild() == 0)
        #expect(await model.rebuild() == 4, "the first tree became garbage when the second replaced it")
    }
}
