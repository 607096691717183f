/// The counters and settings of one heap's collector, kept together so the hot paths
/// (tracking and untracking) touch one small, unchecked stored property.
struct CollectorState {
    /// Threshold 0 is 5× CPython 3.13's; see the README for the measurement behind it.
    static let defaultThresholds = (10000, 10, 10)

    var threshold0 = defaultThresholds.0 {
        didSet { updateCollectionTrigger() }
    }
    var threshold1 = defaultThresholds.1
    var threshold2 = defaultThresholds.2

    /// Net allocations of tracked objects since the last collection of generation 0.
    var count0 = 0
    /// Collections of generation 0 since the last collection of generation 1.
    var count1 = 0
    /// Collections of generation 1 since the last collection of generation 2.
    var count2 = 0

    var isEnabled = true {
        didSet { updateCollectionTrigger() }
    }

    /// The net allocation count above which tracking an object calls
    /// `Heap.collectBeforeTracking()`: the automatic trigger while automatic collection is on
    /// (`automaticTrigger`), or sooner when deferred garbage waits for its next chunk
    /// (`deferredReleaseTrigger`); at once while a collection requested during a release
    /// waits. One compare on the allocation path decides all of them.
    private(set) var collectionTrigger = defaultThresholds.0

    /// A collection requested during an ARC release and deferred (its generation), or -1.
    var pendingGeneration = -1

    mutating func updateCollectionTrigger() {
        if pendingGeneration >= 0 {
            collectionTrigger = Int.min
        } else if isEnabled, threshold0 != 0 {
            collectionTrigger = Swift.min(automaticTrigger, deferredReleaseTrigger)
        } else {
            collectionTrigger = deferredReleaseTrigger
        }
    }

    /// The net allocation count at which the next chunk of deferred garbage is freed, or
    /// `Int.max` when none waits (see `Heap.releaseDeferredGarbage(upTo:)`).
    var deferredReleaseTrigger = Int.max {
        didSet { updateCollectionTrigger() }
    }

    /// The net allocation count above which an automatic collection runs: threshold 0, or in
    /// incremental mode less when the budget cannot hold threshold 0's young objects and their
    /// share of old ones (`IncrementalState.youngTrigger(threshold0:budget:)`).
    var automaticTrigger: Int {
        guard case .incremental(let budget) = mode else { return threshold0 }
        return incremental.youngTrigger(threshold0: threshold0, budget: budget)
    }

    /// Set while a collection scans (user code then runs only inside `traverse`).
    var isScanning = false

    /// Objects that reached generation 2 through generation-1 collections since the last full
    /// collection, and the size of generation 2 after that full collection (the 25 % rule).
    var longLivedPending = 0
    var longLivedTotal = 0

    var stats = [GenerationStats](repeating: GenerationStats(), count: 3)

    /// How automatic collections choose what to scan, and incremental mode's bookkeeping.
    var mode = CollectionMode.generational {
        didSet { updateCollectionTrigger() }
    }
    var incremental = IncrementalState()

    /// `stats` split by the mode each collection ran in: three entries per mode (one per
    /// generation), the modes in `CollectionMode.Kind`'s order.
    var statsByMode = [GenerationStats](
        repeating: GenerationStats(),
        count: 3 * CollectionMode.Kind.allCases.count
    )

    /// The entry of `statsByMode` for `generation` in mode `kind`.
    static func statsIndex(_ kind: CollectionMode.Kind, generation: Int) -> Int {
        3 * CollectionMode.Kind.allCases.firstIndex(of: kind)! + generation
    }

    var isIncremental: Bool {
        if case .incremental = mode { true } else { false }
    }

    func count(_ generation: Int) -> Int {
        switch generation {
        case 0: count0
        case 1: count1
        default: count2
        }
    }

    func threshold(_ generation: Int) -> Int {
        switch generation {
        case 0: threshold0
        case 1: threshold1
        default: threshold2
        }
    }
}
