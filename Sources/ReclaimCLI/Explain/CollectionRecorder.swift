import Reclaim

/// Builds the objects of a graph description in a heap of their own, lets go of every
/// reference the description does not keep, and runs one full collection with the
/// collector's trace hook attached. ``record()`` turns what the collector reported into a
/// ``CollectionRecording``.
///
/// Non-`Sendable`: the objects and the heap stay on the calling thread.
final class CollectionRecorder {
    let description: GraphDescription
    private let heap = Heap()
    private let journal = ExplainJournal()
    /// The references from outside the graph: what keeps the roots alive.
    private var roots: [ExplainNode] = []
    private var outsideWeakReferences: [WeakRef<ExplainNode>] = []
    /// Node index by object identity, for the nodes alive when the collection starts.
    private(set) var nodeIndexByObject: [ObjectIdentifier: Int] = [:]
    /// Reference index (into the description's references) by the identity of its `WeakRef`.
    private(set) var weakReferenceIndexByObject: [ObjectIdentifier: Int] = [:]
    /// Nodes freed by reference counting while the graph was built, before the collection.
    private(set) var freedBeforeCollection: [Int] = []
    private(set) var events: [CollectionTraceEvent] = []
    /// The callbacks that ran while the graph was built (weak references to nodes ARC freed).
    private(set) var callbacksBeforeCollection: [Int] = []
    /// Nodes freed during the collection (after their `clear()`).
    private(set) var freedDuringCollection: [Int] = []
    /// What `collect()` returned.
    private(set) var collectResult = 0

    init(_ description: GraphDescription) {
        self.description = description
        heap.disable()
    }

    deinit {
        heap.collectionTracer = nil
        roots = []
        outsideWeakReferences = []
        journal.resurrected = []
        heap.garbage = []
        heap.collect()
    }

    /// Builds the graph and collects it once, recording every step.
    func run() -> CollectionRecording {
        build()
        freedBeforeCollection = journal.freed
        callbacksBeforeCollection = journal.callbacks
        let freed = Set(freedBeforeCollection)
        nodeIndexByObject = nodeIndexByObject.filter { !freed.contains($0.value) }
        weakReferenceIndexByObject = weakReferenceIndexByObject.filter { _, reference in
            guard case .node(let holder) = description.references[reference].holder else { return true }
            return !freed.contains(holder)
        }
        journal.freed = []
        journal.callbacks = []
        let box = EventBox()
        heap.collectionTracer = { box.events.append($0) }
        collectResult = heap.collect()
        heap.collectionTracer = nil
        events = box.events
        freedDuringCollection = journal.freed
        return record()
    }

    /// Creates the nodes and references. Every strong reference the recorder holds while
    /// building is gone when this returns, so ARC has already freed what nothing holds.
    private func build() {
        var nodes: [ExplainNode] = []
        for (index, node) in description.nodes.enumerated() {
            let object =
                switch node.finalizer {
                case .none: ExplainNode(index: index, journal: journal, heap: heap)
                case .runs: FinalizingExplainNode(index: index, journal: journal, heap: heap, resurrects: false)
                case .resurrects: FinalizingExplainNode(index: index, journal: journal, heap: heap, resurrects: true)
                }
            nodeIndexByObject[ObjectIdentifier(object)] = index
            nodes.append(object)
        }
        for (referenceIndex, reference) in description.references.enumerated() {
            let target = nodes[reference.target]
            if reference.isWeak {
                let weak = WeakRef(target) { [journal] _ in journal.callbacks.append(referenceIndex) }
                weakReferenceIndexByObject[ObjectIdentifier(weak)] = referenceIndex
                switch reference.holder {
                case .outside: outsideWeakReferences.append(weak)
                case .node(let source): nodes[source].weakReferences.append(weak)
                }
            } else {
                switch reference.holder {
                case .outside: roots.append(target)
                case .node(let source): nodes[source].references.append(target)
                }
            }
        }
    }
}

/// Collects the trace events of one collection (the tracer closure appends to it).
private final class EventBox {
    var events: [CollectionTraceEvent] = []
}
