import Reclaim

/// A tracked doubly linked list node.
final class TrackedListNode: GCObject {
    var next: TrackedListNode?
    var previous: TrackedListNode?

    override func traverse(_ visit: (GCObject) -> Void) {
        report(next, to: visit)
        report(previous, to: visit)
    }

    override func clear() {
        next = nil
        previous = nil
    }
}

/// The hand-written plain Swift list: `weak` back links break the cycles.
final class WeakListNode {
    var next: WeakListNode?
    weak var previous: WeakListNode?
}

/// Workload 5: 4 096-node doubly linked lists, built and dropped 30 times.
enum LinkedListWorkloads {
    static let length = 4096

    static let doublyLinked = Workload(
        name: "doubly-linked-lists",
        summary: "4 096-node doubly linked lists built and dropped 30×, auto GC",
        plainVariant: "weak back links",
        target: .withinPlain(factor: 1.0),
        reclaim: { scale in
            GC.collect()
            let rounds = max(1, 30 / scale)
            let before = GC.stats
            let time = Stopwatch.time {
                for _ in 0..<rounds {
                    let head = TrackedListNode()
                    var tail = head
                    for _ in 1..<length {
                        let node = TrackedListNode()
                        tail.next = node
                        node.previous = tail
                        tail = node
                    }
                }
                GC.collect()
            }
            return .init(time: time, detail: CollectorActivity.since(before))
        },
        plain: { scale in
            let rounds = max(1, 30 / scale)
            let time = Stopwatch.time {
                for _ in 0..<rounds {
                    let head = WeakListNode()
                    var tail = head
                    for _ in 1..<length {
                        let node = WeakListNode()
                        tail.next = node
                        node.previous = tail
                        tail = node
                    }
                }
            }
            return .init(time: time)
        }
    )
}
