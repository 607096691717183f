import Reclaim
import ReclaimInspection

/// Draws the objects around some start objects as a Graphviz DOT graph, like objgraph's
/// `show_refs()` and `show_backrefs()`.
///
///     let export = GraphvizExport(direction: .referents, maxDepth: 2, showsRefcounts: true)
///     let dot = export.dot(of: [window], in: heap)
///     let svg = try GraphvizRenderer().svg(fromDOT: dot)
///
/// Each object is a box labelled with its short type name (and, as asked, its retain count
/// and extra text); each reference is an arrow from the referring object, labelled with the
/// stored-property paths that hold it where reflection can name them. Start objects have a
/// thick blue border; objects that ``Heap/unreachableObjects()`` reports (garbage the next
/// full collection would free) are filled red; a legend explains both.
///
/// The output is deterministic: nodes are named `o1`, `o2`, … in breadth-first order from the
/// start objects, and references are listed in the order their `traverse` reports them.
///
/// # Thread safety
/// ``dot(of:in:)`` uses the heap and its objects, so it must run in the heap's isolation
/// domain (see ``Heap``).
public struct GraphvizExport {
    /// Whether to follow what the objects refer to or what refers to them.
    public var direction: GraphDirection
    /// How many references away from the start objects to draw; the objects at this depth
    /// are drawn but not expanded.
    public var maxDepth: Int
    /// The most neighbours drawn per object; the rest are summarized in a note
    /// ("3 more referents").
    public var tooMany: Int
    /// Whether labels show each object's strong retain count (see ``dot(of:in:)``).
    public var showsRefcounts: Bool
    /// Whether objects a full collection would free are filled red.
    public var highlightsUnreachable: Bool
    /// Extra label text for an object, shown below its type name; `nil` for none.
    public var extraLabel: ((GCObject) -> String?)?

    /// Creates an export with the given options.
    ///
    /// - Parameters:
    ///   - direction: ``GraphDirection/referents`` (the default) or ``GraphDirection/referrers``.
    ///   - maxDepth: How many references away to draw; 3 by default. Must not be negative.
    ///   - tooMany: The most neighbours drawn per object; 10 by default. Must not be negative.
    ///   - showsRefcounts: Whether labels show retain counts; `false` by default.
    ///   - highlightsUnreachable: Whether unreachable objects are filled red; `true` by default.
    ///   - extraLabel: Extra label text per object; `nil` by default.
    public init(
        direction: GraphDirection = .referents,
        maxDepth: Int = 3,
        tooMany: Int = 10,
        showsRefcounts: Bool = false,
        highlightsUnreachable: Bool = true,
        extraLabel: ((GCObject) -> String?)? = nil
    ) {
        self.direction = direction
        self.maxDepth = maxDepth
        self.tooMany = tooMany
        self.showsRefcounts = showsRefcounts
        self.highlightsUnreachable = highlightsUnreachable
        self.extraLabel = extraLabel
    }

    /// The DOT text of the graph around `objects`.
    ///
    /// Retain counts are read while the export holds no reference to any object, and the
    /// references that the `objects` array itself holds (one per element) are subtracted, so
    /// an object held by one local variable shows 1, as ``GC/refcount(of:)`` would read at the
    /// call site.
    ///
    /// - Parameters:
    ///   - objects: The start objects; duplicates are drawn once.
    ///   - heap: The heap searched for referrers and unreachable objects.
    /// - Returns: A `digraph` in Graphviz's DOT language.
    /// - Complexity: O(*v* + *e*) in the drawn objects and their references, plus O(*n* + *e*)
    ///   over the heap for ``GraphDirection/referrers`` and for ``highlightsUnreachable``, plus
    ///   a reflection of each drawn object that has drawn referents.
    public func dot(of objects: [GCObject], in heap: Heap = .current) -> String {
        precondition(maxDepth >= 0, "GraphvizExport.maxDepth is \(maxDepth); it must not be negative")
        precondition(tooMany >= 0, "GraphvizExport.tooMany is \(tooMany); it must not be negative")
        let starts = objects.map { Unmanaged.passUnretained($0).toOpaque() }
        let selection = GraphSelection(
            starts: starts,
            direction: direction,
            maxDepth: maxDepth,
            tooMany: tooMany,
            heap: heap
        )
        let unreachable = highlightsUnreachable ? Self.unreachableAddresses(in: heap) : []
        var refcounts: [Int] = []
        if showsRefcounts {
            var heldByArgument: [UnsafeMutableRawPointer: Int] = [:]
            for start in starts { heldByArgument[start, default: 0] += 1 }
            refcounts = selection.nodes.map { node in
                ReferenceGraph.retainCount(of: node.address) - heldByArgument[node.address, default: 0]
            }
        }
        return render(selection, refcounts: refcounts, unreachable: unreachable)
    }

    /// The addresses of the objects a full collection of `heap` would free; the strong
    /// references that finding them takes are released before this returns.
    @inline(never)
    private static func unreachableAddresses(in heap: Heap) -> Set<UnsafeMutableRawPointer> {
        Set(heap.unreachableObjects().map { Unmanaged.passUnretained($0).toOpaque() })
    }
}
