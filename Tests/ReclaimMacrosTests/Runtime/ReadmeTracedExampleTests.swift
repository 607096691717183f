import Foundation
import ReclaimMacros
import Testing

/// The README's `@Traced` examples, verbatim apart from the assertions. They use the thread's
/// default heap, so each runs on a thread of its own.
@Suite struct ReadmeTracedExampleTests {
    @Traced final class TreeNode: GCObject {
        var parent: TreeNode?  // a strong back-pointer: a cycle with every child
        var children: [TreeNode] = []
        var name = ""
    }

    @Traced final class Button: GCObject {
        var title = "OK"
        var onTap: Callback<String, Void>?
    }

    @Traced final class Downloader: GCObject {
        var name = "downloader"
        var onFinish: (() -> Void)?
    }

    /// Runs `body` on a new thread and returns its result.
    private func onFreshThread<Result: Sendable>(_ body: @escaping @Sendable () -> Result) -> Result {
        nonisolated(unsafe) var result: Result?
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            result = body()
            done.signal()
        }
        thread.start()
        done.wait()
        return result!
    }

    @Test func aTreeWithParentPointersIsCollected() {
        let (leakedUnderARC, collected, freed) = onFreshThread { () -> (Bool, Int, Bool) in
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
            let leaked = weakRoot != nil
            let collected = GC.collect()
            return (leaked, collected, weakRoot == nil)
        }
        #expect(leakedUnderARC)
        #expect(collected == 4)
        #expect(freed)
    }

    @Test func aButtonWhoseCallbackCapturesItIsCollected() {
        let (printed, collected, freed) = onFreshThread { () -> (String, Int, Bool) in
            weak var weakButton: Button?
            nonisolated(unsafe) var output = ""
            do {
                let button = Button()
                button.onTap = Callback(capturing: button) { button, event in output = "\(button.title) \(event)" }
                button.onTap?("tap")
                weakButton = button
            }
            let collected = GC.collect()
            return (output, collected, weakButton == nil)
        }
        #expect(printed == "OK tap")
        #expect(collected == 1)
        #expect(freed)
    }

    @Test func aDownloaderWhoseClosureCapturesItIsCollected() {
        let (collected, freed) = onFreshThread { () -> (Int, Bool) in
            weak var weakDownloader: Downloader?
            do {
                let downloader = Downloader()
                downloader.onFinish = { print(downloader.name) }  // a cycle: collected by the next collection
                weakDownloader = downloader
            }
            let collected = GC.collect()
            return (collected, weakDownloader == nil)
        }
        #expect(collected == 1)
        #expect(freed)
    }
}
