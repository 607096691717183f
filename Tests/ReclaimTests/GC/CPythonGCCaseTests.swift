import Reclaim
import Testing

/// CPython's own collector tests (`Lib/test/test_gc.py`, 3.13 branch) ported to Reclaim.
///
/// Python lists, dicts, tuples, classes, instances and functions become the `Python…` objects
/// in `Support/`; `__del__` becomes `finalize()`; `weakref.ref` with a callback becomes
/// `WeakRef`; `gc.garbage`, `gc.get_stats()`, `gc.get_count()` and the other functions of the
/// `gc` module become the members of a `Heap` of the test's own. Each test names the CPython
/// test it ports, and runs in both collection modes: generational, and incremental with a
/// budget of 16 objects, so that increments split the old generation. `collect()` is a full
/// collection in both; the tests that rely on automatic collections, or collect generation 0
/// or 1, show where the modes differ.
///
/// Not ported: the cases about frames, interpreter and module shutdown, CPython's type caches
/// and `_datetime`'s state, which have no Swift counterpart, and `test_get_referrers` (the
/// referrer queries are covered by `aFinalizerMayListObjectsAndReferrersDuringACollection`
/// and the heap's own tests).
@Suite struct CPythonGCCaseTests {
    /// Both collection modes, the incremental one with a budget small enough that increments
    /// scan the old generation in pieces.
    static let modes: [CollectionMode] = [.generational, .incremental(.objects(16))]

    /// A heap of the test's own in `mode`, with automatic collection off (as CPython's test
    /// module turns it off) and the collector's invariants checked after every collection.
    static func makeHeap(_ mode: CollectionMode) -> Heap {
        let heap = Heap()
        heap.disable()
        heap.collectionMode = mode
        heap._checksInvariantsAfterEachCollection = true
        return heap
    }

    /// Collects what a test left behind, once its locals are gone (as a `defer` placed right
    /// after `makeHeap` runs), and drops the uncollectable objects it kept: no cycle outlives
    /// its test, so AddressSanitizer's leak check can run the suite.
    static func collectLeftovers(_ heap: Heap) {
        heap.disable()
        heap.debugFlags = []
        heap.garbage.removeAll()
        heap.collect()
        heap.garbage.removeAll()
    }

    /// The shape of CPython's cycle tests: `build` makes a structure and returns an object of
    /// it to watch. While the structure is held, a collection finds nothing unreachable; once
    /// it is dropped, a collection finds `unreachable` objects and frees the watched one.
    static func expectCollectedOnceDropped<Watched: AnyObject>(
        _ unreachable: Int,
        in heap: Heap,
        _ comment: Comment? = nil,
        sourceLocation: SourceLocation = #_sourceLocation,
        building build: () -> Watched
    ) {
        weak var watched: Watched?
        do {
            let object = build()
            watched = object
            withExtendedLifetime(object) {
                #expect(heap.collect() == 0, sourceLocation: sourceLocation)
            }
        }
        #expect(heap.collect() == unreachable, comment, sourceLocation: sourceLocation)
        #expect(watched == nil, sourceLocation: sourceLocation)
    }

    /// The heap's collection counters as an array, for exact comparisons.
    static func counts(of heap: Heap) -> [Int] {
        let counts = heap.counts
        return [counts.0, counts.1, counts.2]
    }

    /// Which generation list holds `object`, or `nil` when none does.
    static func generation(of object: GCObject, in heap: Heap) -> Int? {
        (0...2).first { generation in heap.objects(generation: generation).contains { $0 === object } }
    }

    /// The identities of `objects`, in order.
    static func identities(_ objects: [GCObject]) -> [ObjectIdentifier] {
        objects.map(ObjectIdentifier.init)
    }

    // MARK: - GCTests: cycles through each kind of container

    /// Ports `GCTests.test_list`: a list that contains itself.
    @Test(arguments: modes) func aListThatContainsItselfIsOneUnreachableObject(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        Self.expectCollectedOnceDropped(1, in: heap) {
            let list = PythonList(heap: heap)
            list.items.append(list)
            return list
        }
    }

    /// Ports `GCTests.test_dict`: a dict that is one of its own values.
    @Test(arguments: modes) func aDictThatContainsItselfIsOneUnreachableObject(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        Self.expectCollectedOnceDropped(1, in: heap) {
            let dict = PythonDict(heap: heap)
            dict.entries["1"] = dict
            return dict
        }
    }

    /// Ports `GCTests.test_tuple`: a tuple cannot be changed, so the list it holds closes the
    /// cycle; the tuple's `clear()` drops nothing and the list's breaks the cycle.
    @Test(arguments: modes) func aCycleThroughATupleIsBrokenByTheList(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        weak var watchedTuple: PythonTuple?
        weak var watchedList: PythonList?
        do {
            let list = PythonList(heap: heap)
            let tuple = PythonTuple([list], heap: heap)
            list.items.append(tuple)
            watchedTuple = tuple
            watchedList = list
            #expect(heap.collect() == 0)
        }
        #expect(heap.collect() == 2)
        #expect(watchedTuple == nil)
        #expect(watchedList == nil)
        #expect(heap.garbage.isEmpty)
    }

    /// Ports `GCTests.test_class`: a class whose attribute is the class itself.
    @Test(arguments: modes) func aClassThatRefersToItselfIsCollectedWithItsDescriptors(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        Self.expectCollectedOnceDropped(3, in: heap, "the class, its __dict__ and its __weakref__ descriptors") {
            let classA = PythonClass("A", heap: heap)
            classA.namespace["a"] = classA
            return classA
        }
    }

    /// Ports `GCTests.test_newstyleclass`: a class with no attribute of its own is still in a
    /// cycle, through its `__mro__` and its descriptors.
    @Test(arguments: modes) func aClassIsInACycleFromTheStart(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        Self.expectCollectedOnceDropped(3, in: heap) { PythonClass("A", heap: heap) }
    }

    /// Ports `GCTests.test_instance`: an instance whose attribute is the instance itself; its
    /// class stays alive.
    @Test(arguments: modes) func anInstanceThatRefersToItselfIsOneUnreachableObject(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        let classA = PythonClass("A", heap: heap)
        Self.expectCollectedOnceDropped(1, in: heap) {
            let instance = PythonInstance(of: classA, heap: heap)
            instance.attributes["a"] = instance
            return instance
        }
        #expect(classA.mro.first === classA, "the class is alive and intact")
    }

    /// Ports `GCTests.test_newinstance`: instances, an instance of a class that derives from
    /// `list` and from another class, the classes themselves once dropped, and a class that
    /// holds an instance of itself.
    @Test(arguments: modes) func instancesAndTheirClassesAreCollectedInTurn(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        var classA: PythonClass? = PythonClass("A", heap: heap)
        do {
            let instance = PythonInstance(of: classA!, heap: heap)
            instance.attributes["a"] = instance
        }
        #expect(heap.collect() == 1)

        var classB: PythonClass? = PythonClass("B", heap: heap)  // class B(list)
        var classC: PythonClass? = PythonClass("C", bases: [classB!, classA!], heap: heap)
        #expect(classC.map { Self.identities($0.mro) } == Self.identities([classC!, classB!, classA!]))
        do {
            let instance = PythonInstance(of: classC!, heap: heap)
            instance.items = [PythonList(heap: heap)]
            instance.attributes["a"] = instance
        }
        #expect(heap.collect() == 2, "the instance of C and the list among its items")

        weak let watchedB = classB
        classB = nil
        classC = nil
        #expect(heap.collect() == 6, "B, C and their four descriptors")
        #expect(watchedB == nil)

        classA!.namespace["a"] = PythonInstance(of: classA!, heap: heap)
        classA = nil
        #expect(heap.collect() == 4, "A, its two descriptors and the instance it held")
        #expect(heap.collect() == 0)
        #expect(heap.trackedCount == 0)
    }

    /// Ports `GCTests.test_method`: `self.init = self.__init__` stores a bound method, which
    /// refers to the instance. In Swift a method bound to its receiver is a `Callback`.
    @Test(arguments: modes) func aBoundMethodStoredOnItsReceiverIsCollected(mode: CollectionMode) {
        /// An instance that stores its own bound `__init__`.
        final class SelfBinding: GCObject {
            var boundInit: Callback<Void, Void>?
            var initializations = 0

            override init(heap: Heap) {
                super.init(heap: heap)
                boundInit = Callback(capturing: self) { instance in instance.initializations += 1 }
            }

            override func traverse(_ visit: (GCObject) -> Void) {
                boundInit.traceReferences(visit)
            }

            override func clear() {
                boundInit = nil
            }
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        Self.expectCollectedOnceDropped(1, in: heap) {
            let instance = SelfBinding(heap: heap)
            instance.boundInit?()
            #expect(instance.initializations == 1)
            return instance
        }
    }

    /// Ports `GCTests.test_legacy_finalizer` and `test_legacy_finalizer_newclass`: CPython
    /// never clears a cycle through an object with a legacy `tp_del` and puts it in
    /// `gc.garbage`. Reclaim's equivalent is a cycle through a reference `clear()` does not
    /// drop: found unreachable, still referenced after `clear()`, kept in `garbage` until the
    /// program breaks the cycle. The other cycle of the collection is freed.
    @Test(arguments: modes) func aCycleClearCannotBreakShowsUpInGarbage(mode: CollectionMode) {
        /// An object whose `clear()` keeps its reference, as CPython never clears a `tp_del` object.
        final class Uncleared: GCObject {
            var a: GCObject?

            override func traverse(_ visit: (GCObject) -> Void) {
                if let a { visit(a) }
            }
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap.logger = LogCapture().logger()
        let classB = PythonClass("B", heap: heap)
        weak var watchedA: Uncleared?
        weak var watchedB: PythonInstance?
        do {
            let a = Uncleared(heap: heap)
            a.a = a
            let b = PythonInstance(of: classB, heap: heap)
            b.attributes["b"] = b
            watchedA = a
            watchedB = b
            #expect(heap.collect() == 0)
        }
        #expect(heap.collect() == 2, "both cycles were unreachable")
        #expect(heap.stats[2].collected == 1)
        #expect(heap.stats[2].uncollectable == 1)
        #expect(watchedB == nil)
        #expect(heap.garbage.count == 1)
        #expect(heap.garbage.first === watchedA)
        (heap.garbage.first as? Uncleared)?.a = nil  // del obj.a
        heap.garbage.removeAll()
        #expect(watchedA == nil)
    }

    /// Ports `GCTests.test_garbage_at_shutdown`, without the shutdown: a heap that goes away
    /// untracks its objects instead of collecting them, but the output CPython checks is the
    /// collector's. `first` refers to itself and to `second`, and `clear()` drops neither, so
    /// both are uncollectable. Without debug flags only the summary is logged, with no object
    /// named; `uncollectable` adds one line per object; `saveAll` saves them and reports no
    /// uncollectable object.
    @Test(arguments: modes) func uncollectableObjectsAreLoggedAsTheDebugFlagsAsk(mode: CollectionMode) {
        func run(_ flags: GC.DebugFlags) -> (lines: [String], garbage: [String]) {
            let heap = Self.makeHeap(mode)
            defer { Self.collectLeftovers(heap) }
            let capture = LogCapture()
            heap.logger = capture.logger()
            do {
                let x = NamedUncollectable("first", heap: heap)
                x.x = x
                x.y = NamedUncollectable("second", heap: heap)
            }
            heap.debugFlags = flags
            heap.collect()
            let garbage = heap.garbage.compactMap { $0 as? NamedUncollectable }
            heap.garbage.removeAll()
            for object in garbage {
                object.x = nil
                object.y = nil
            }
            return (capture.lines, garbage.map(\.name).sorted())
        }

        let summary = """
            warning: gc: collection of generation 2: 2 unreachable objects are uncollectable \
            (NamedUncollectable ×2): still referenced after clear()
            """
        let quiet = run([])
        #expect(quiet.garbage == ["first", "second"])
        #expect(quiet.lines.count == 1)
        #expect(quiet.lines.first?.hasPrefix(summary) == true)
        #expect(!quiet.lines.contains { $0.contains("<NamedUncollectable") })

        let listed = run([.uncollectable])
        #expect(listed.garbage == ["first", "second"])
        #expect(listed.lines.count == 3)
        let objectLines = listed.lines.prefix(2).filter { line in
            line.hasPrefix("info: gc: uncollectable <NamedUncollectable 0x") && line.hasSuffix("> (generation 2)")
        }
        #expect(objectLines.count == 2)
        #expect(listed.lines.last?.hasPrefix(summary) == true)

        let saved = run([.saveAll])
        #expect(saved.garbage == ["first", "second"])
        #expect(saved.lines.isEmpty)
    }

    /// Ports `GCTests.test_function`: a function refers to the globals that define it.
    @Test(arguments: modes) func aFunctionAndItsGlobalsAreTwoUnreachableObjects(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        Self.expectCollectedOnceDropped(2, in: heap) {
            let globals = PythonDict(heap: heap)
            let function = PythonFunction("f", globals: globals, heap: heap)  // exec("def f(): pass", d)
            globals.entries["f"] = function
            return function
        }
    }

    /// Ports `GCTests.test_function_tp_clear_leaves_consistent_state` (gh-91636): a finalizer
    /// creates a weak reference to a member of its garbage and drops the last outside reference
    /// to an object whose own finalizer reads that weak reference once the clearing has begun.
    /// The weak reference must be cleared by then, while the function is still alive (the
    /// collection holds it).
    @Test(arguments: modes) func aWeakReferenceAFinalizerCreatesNeverRevealsAClearedObject(mode: CollectionMode) {
        /// CPython's `LateFin`: its finalizer reads the weak reference it was given.
        final class LateFinalizer: GCObject {
            var ref: WeakRef<PythonFunction>?
            let journal: Journal
            let functionAlive: SwiftWeakBox

            init(journal: Journal, functionAlive: SwiftWeakBox, heap: Heap) {
                self.journal = journal
                self.functionAlive = functionAlive
                super.init(heap: heap)
            }

            override func traverse(_ visit: (GCObject) -> Void) {
                if let ref { visit(ref) }
            }

            override func clear() { ref = nil }

            override func finalize() {
                let revealed = ref?.object.map { "revealed \($0.name)" } ?? "cleared"
                let function = functionAlive.object == nil ? "freed" : "alive"
                journal.append("weak reference \(revealed), function \(function)")
            }
        }

        /// CPython's `Cyclic`: its finalizer hands out a weak reference to the function and drops `latefin`'s global.
        final class Cyclic: GCObject {
            var function: PythonFunction?
            var lateFinalizer: LateFinalizer?
            let globals: Rescue

            init(globals: Rescue, heap: Heap) {
                self.globals = globals
                super.init(heap: heap)
            }

            override func traverse(_ visit: (GCObject) -> Void) {
                if let function { visit(function) }
                if let lateFinalizer { visit(lateFinalizer) }
            }

            override func clear() {
                function = nil
                lateFinalizer = nil
            }

            override func finalize() {
                if let function { lateFinalizer?.ref = WeakRef(function) }
                globals.saved.removeAll()  // del latefin
            }
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        let journal = Journal()
        let globals = Rescue()
        let functionAlive = SwiftWeakBox()
        do {
            let lateFinalizer = LateFinalizer(journal: journal, functionAlive: functionAlive, heap: heap)
            globals.saved.append(lateFinalizer)
            let function = PythonFunction("func", heap: heap)
            functionAlive.object = function
            let cyclic = Cyclic(globals: globals, heap: heap)
            cyclic.function = function
            cyclic.lateFinalizer = lateFinalizer
            function.module = cyclic
        }
        #expect(heap.collect() == 2, "the function and the object it refers to as its module")
        #expect(journal.events == ["weak reference cleared, function alive"])
        #expect(functionAlive.object == nil)
        #expect(heap.trackedCount == 0)
    }

    /// Ports `GCTests.test_saveall`: with `saveAll`, the unreachable list is kept in `garbage`
    /// instead of being cleared.
    @Test(arguments: modes) func saveAllKeepsTheUnreachableListInGarbage(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap.collect()
        #expect(heap.garbage.isEmpty)
        weak var watched: PythonList?
        do {
            let list = PythonList(heap: heap)
            list.items.append(list)
            watched = list
        }
        heap.debugFlags = [.saveAll]
        #expect(heap.collect() == 1)
        heap.debugFlags = []
        #expect(heap.garbage.count == 1)
        do {
            let saved = heap.garbage.removeLast()
            #expect(saved === watched)
            #expect((saved as? PythonList)?.items.first === saved, "saved whole, not cleared")
        }
        #expect(watched != nil, "still a cycle")
        #expect(heap.collect() == 1)
        #expect(watched == nil)
    }

    /// Ports `GCTests.test_del` and `test_del_newclass`: with threshold 0 at 1, a finalizer
    /// that allocates (`dir(self)`) or asks for a collection while ARC frees its object must
    /// not collect there; the collection waits for the next allocation, outside the release.
    @Test(arguments: modes) func aFinalizerThatAllocatesDefersTheCollection(mode: CollectionMode) {
        /// An object whose finalizer lists its attributes (allocating) and asks for a collection.
        final class DirCalling: GCObject {
            let journal: Journal
            let heap: Heap
            var attribute: GCObject?

            init(journal: Journal, heap: Heap) {
                self.journal = journal
                self.heap = heap
                super.init(heap: heap)
            }

            override func traverse(_ visit: (GCObject) -> Void) {
                if let attribute { visit(attribute) }
            }

            override func finalize() {
                journal.append("finalize")
                let names = PythonList((0..<3).map { _ in PythonDict(heap: heap) }, heap: heap)
                journal.append("dir listed \(names.items.count)")
                journal.append("collect() returned \(heap.collect())")
            }
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        let journal = Journal()
        let thresholds = heap.thresholds
        heap.thresholds = (1, thresholds.1, thresholds.2)
        heap.enable()
        heap.callbacks.append { phase, info in journal.append("\(phase) \(info.generation)") }
        var instance: DirCalling? = DirCalling(journal: journal, heap: heap)
        // The optimizer may end an object's life at its last use: keep it past the reset.
        withExtendedLifetime(instance) { journal.removeAll() }
        instance = nil
        #expect(journal.events == ["finalize", "dir listed 3", "collect() returned 0"])
        #expect(heap.deferredCollectionGeneration == 2)
        let next = LinkNode(heap: heap)
        #expect(journal.events == ["finalize", "dir listed 3", "collect() returned 0", "start 2", "stop 2"])
        #expect(heap.deferredCollectionGeneration == nil)
        heap.disable()
        heap.thresholds = thresholds
        #expect(heap.thresholds.0 == thresholds.0)
        withExtendedLifetime(next) {}
    }

    // MARK: - GCTests: counts, generations, statistics

    /// Ports `GCTests.test_get_count`: a collection resets the counters, and one tracked
    /// allocation raises the first by one (an untracked one does not).
    @Test(arguments: modes) func theCountsFollowTrackedAllocations(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap.collect()
        #expect(Self.counts(of: heap) == [0, 0, 0])
        let x = PythonList(heap: heap)
        #expect(Self.counts(of: heap) == [1, 0, 0])
        let untracked = PlainLeaf(heap: heap)
        #expect(Self.counts(of: heap) == [1, 0, 0], "an untracked object is no allocation to the collector")
        withExtendedLifetime((x, untracked)) {}
    }

    /// Ports `GCTests.test_collect_generations` (the 3.13 version, with three generations):
    /// collecting generation *n* counts one collection of it toward generation *n* + 1 and
    /// resets the younger counters.
    @Test(arguments: modes) func collectingAGenerationMovesTheCounters(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap.collect()
        let x = PythonList(heap: heap)
        heap.collect(generation: 0)
        #expect(Self.counts(of: heap) == [0, 1, 0])
        heap.collect(generation: 1)
        #expect(Self.counts(of: heap) == [0, 0, 1])
        heap.collect(generation: 2)
        #expect(Self.counts(of: heap) == [0, 0, 0])
        withExtendedLifetime(x) {}
    }

    /// Ports `GCTests.test_get_stats`: three entries; collecting generation 0 counts for
    /// generation 0 only, a full collection for generation 2 only.
    @Test(arguments: modes) func statisticsCountEachGenerationsCollections(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        #expect(heap.stats.count == 3)
        #expect(heap.stats.allSatisfy { $0 == GenerationStats() })
        let old = heap.stats
        heap.collect(generation: 0)
        var new = heap.stats
        #expect(new.map(\.collections) == [old[0].collections + 1, old[1].collections, old[2].collections])
        heap.collect(generation: 2)
        new = heap.stats
        #expect(new.map(\.collections) == [old[0].collections + 1, old[1].collections, old[2].collections + 1])
        #expect(heap.stats(in: mode.kind) == new, "every collection ran in this mode")
    }

    /// Ports `GCTests.test_get_objects` (the 3.13 version): a new list is in generation 0, and
    /// each collection of its generation moves it on. In incremental mode the old lists are
    /// the pass's spaces: the survivor of `collect(generation: 0)` joins the visited space
    /// (list 1), an increment that finds nothing pending ends the pass (list 1 becomes the
    /// pending space), and a full collection keeps every survivor in list 2.
    @Test(arguments: modes) func aListMovesThroughTheGenerations(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap.collect()
        var list: PythonList? = PythonList(heap: heap)
        list!.items.append(list!)
        var generations = [Self.generation(of: list!, in: heap)]
        for generation in 0...2 {
            heap.collect(generation: generation)
            generations.append(Self.generation(of: list!, in: heap))
        }
        let expected = mode == .generational ? [0, 1, 2, 2] : [0, 1, 1, 2]
        #expect(generations == expected)
        #expect(heap.objects().contains { $0 === list })
        list = nil
        #expect(heap.collect() == 1)
    }

    /// Ports `GCTests.test_get_objects_arguments`, first part: listing every generation and
    /// passing no generation agree.
    @Test(arguments: modes) func objectsWithAndWithoutAGenerationAgree(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        let first = PythonList(heap: heap)
        heap.collect(generation: 0)
        let second = PythonList(heap: heap)
        heap.collect(generation: 1)
        let third = PythonList(heap: heap)
        #expect(heap.objects().count == 3)
        #expect(Self.identities(heap.objects()) == Self.identities(heap.objects(generation: nil)))
        withExtendedLifetime((first, second, third)) {}
    }

    /// Ports `GCTests.test_get_objects_arguments`, second part: a generation outside 0...2
    /// (CPython raises `ValueError`) stops the program with a message that names it.
    @Test func objectsOfAGenerationOutsideZeroToTwoStopWithAMessage() async {
        let large = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let heap = Heap()
            heap.collectionMode = .generational
            _ = heap.objects(generation: 1000)
        }
        let largeMessage = String(decoding: large?.standardErrorContent ?? [], as: UTF8.self)
        #expect(largeMessage.contains("objects(generation: 1000): generation must be 0, 1, 2 or nil"))
        let negative = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let heap = Heap()
            heap.collectionMode = .incremental(.objects(16))
            _ = heap.objects(generation: -1000)
        }
        let negativeMessage = String(decoding: negative?.standardErrorContent ?? [], as: UTF8.self)
        #expect(negativeMessage.contains("objects(generation: -1000): generation must be 0, 1, 2 or nil"))
    }

    /// Ports `GCTests.test_freeze`: freezing moves every tracked object to the permanent
    /// generation (`get_freeze_count`), unfreezing moves them back.
    @Test(arguments: modes) func freezeAndUnfreezeMoveEveryTrackedObject(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        let objects = (0..<5).map { _ in PythonList(heap: heap) }
        heap.collect(generation: 0)
        #expect(Self.counts(of: heap) == [0, 1, 0])
        heap.freeze()
        #expect(heap.freezeCount == 5)
        #expect(Self.counts(of: heap) == [0, 0, 0], "freezing resets the counters")
        #expect(heap.trackedCount == 0)
        #expect(heap.objects().isEmpty)
        heap.unfreeze()
        #expect(heap.freezeCount == 0)
        #expect(heap.trackedCount == 5)
        withExtendedLifetime(objects) {}
    }

    /// Ports `GCTests.test_traverse_frozen_objects` (GH-126312): a garbage cycle that refers to
    /// a frozen object is collected, and the frozen object, which no collection scans, is left
    /// alone.
    @Test(arguments: modes) func aGarbageCycleThatRefersToAFrozenObject(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        let x = PythonList([PlainLeaf(heap: heap), PlainLeaf(heap: heap), PlainLeaf(heap: heap)], heap: heap)
        heap.freeze()
        weak var watched: PythonList?
        do {
            let y = PythonList([x], heap: heap)
            y.items.append(y)
            watched = y
        }
        #expect(heap.collect() == 1)
        #expect(watched == nil)
        #expect(heap.freezeCount == 1)
        #expect(x.items.count == 3)
        heap.unfreeze()
        #expect(heap.freezeCount == 0)
        #expect(heap.trackedCount == 1)
    }

    /// Ports `GCTests.test_deferred_refcount_frozen` (GH-126312): a collection while every
    /// object is frozen scans nothing, so even frozen garbage waits for `unfreeze()`.
    @Test(arguments: modes) func aCollectionWhileEverythingIsFrozenScansNothing(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        let live = PythonList(heap: heap)
        do {
            let garbage = PythonList(heap: heap)
            garbage.items.append(PythonDict(["list": garbage], heap: heap))
        }
        heap.freeze()
        var stops: [CollectionInfo] = []
        heap.callbacks.append { phase, info in if phase == .stop { stops.append(info) } }
        #expect(heap.collect() == 0)
        #expect(stops.map(\.candidates) == [0])
        heap.unfreeze()
        #expect(heap.collect() == 2)
        #expect(stops.map(\.candidates) == [0, 3])
        withExtendedLifetime(live) {}
    }

    // MARK: - GCTests: the trashcan

    /// Ports `GCTests.test_trashcan`: with automatic collection on, nests of 150 lists and dicts,
    /// each level holding an object whose finalizer asks for a collection every 17th call, are
    /// freed by ARC, level after level. Every finalizer runs once, and each collection asked for
    /// while ARC frees waits for the next safe point.
    @Test(arguments: modes) func nestedContainersWithCollectingFinalizersAreFreed(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap.logger = LogCapture().logger()
        let record = OuchRecord()
        let depth = 150
        heap.enable()
        for _ in 0..<2 {
            var t = PythonList(heap: heap)
            for _ in 0..<depth { t = PythonList([t, Ouch(record: record, heap: heap)], heap: heap) }
            var u = PythonList(heap: heap)
            for _ in 0..<depth { u = PythonList([u, Ouch(record: record, heap: heap)], heap: heap) }
            var v = PythonDict(heap: heap)
            for _ in 0..<depth { v = PythonDict(["1": v, "2": Ouch(record: record, heap: heap)], heap: heap) }
            withExtendedLifetime((t, u, v)) {}
        }
        heap.disable()
        #expect(record.finalized == 2 * 3 * depth)
        #expect(record.nestedCollections == Array(repeating: 0, count: 2 * 3 * depth / 17))
        #expect(heap.deferredCollectionGeneration == 2)
        heap.collect()
        #expect(heap.trackedCount == 0)
    }

    /// Ports `GCTests.test_trashcan` at depth: a nest of 100 000 lists, each with an `Ouch`,
    /// built with automatic collection on and closed into one cycle, is freed by one
    /// collection without overflowing the stack; every finalizer runs once, and the
    /// collections they ask for return 0.
    @Test(arguments: modes) func aVeryDeepCycleIsFreedByOneCollection(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap._checksInvariantsAfterEachCollection = false
        heap.logger = LogCapture().logger()
        let record = OuchRecord()
        let depth = 100_000
        weak var watched: PythonList?
        heap.enable()
        do {
            let innermost = PythonList(heap: heap)
            var t = innermost
            for _ in 0..<depth { t = PythonList([t, Ouch(record: record, heap: heap)], heap: heap) }
            innermost.items.append(t)
            watched = innermost
        }
        heap.disable()
        #expect(record.finalized == 0, "nothing was unreachable while the nest was built")
        #expect(heap.collect() == 2 * depth + 1)
        #expect(watched == nil)
        #expect(record.finalized == depth)
        #expect(record.nestedCollections == Array(repeating: 0, count: depth / 17))
        #expect(heap.trackedCount == 0)
        heap._checkInvariants()
    }

    /// Ports `GCTests.test_trashcan_threads` (issue #13992): two threads, each with a heap of
    /// its own, keep building and dropping nests of lists whose elements have finalizers.
    /// CPython switches threads inside `__del__`; here the threads run at once. Every object
    /// created is finalized exactly once. Fixed rounds instead of a one-second run.
    @Test(arguments: modes) func nestsFreedOnTwoThreadsAtOnceFinalizeEveryObject(mode: CollectionMode) {
        /// One thread's counts, read after the thread is joined.
        final class Tally: @unchecked Sendable {
            var inits = 0
            var dels = 0
        }
        let tallies = [Tally(), Tally()]
        let nesting = 60
        let rounds = 200
        let threads = tallies.map { tally in
            TestThread {
                let heap = Self.makeHeap(mode)
                defer { Self.collectLeftovers(heap) }
                let record = OuchRecord()
                for _ in 0..<rounds {
                    var x: PythonList = FinalizedList([], record: record, heap: heap)
                    for _ in 0..<nesting {
                        x = PythonList([FinalizedList([x], record: record, heap: heap)], heap: heap)
                    }
                    withExtendedLifetime(x) {}
                }
                heap.collect()
                tally.inits = record.created
                tally.dels = record.finalized
            }
        }
        for thread in threads { thread.join() }
        #expect(tallies.map(\.inits) == [rounds * (nesting + 1), rounds * (nesting + 1)])
        #expect(tallies.map(\.dels) == tallies.map(\.inits))
    }

    // MARK: - GCTests: graphs that change while they are collected

    /// Ports `GCTests.test_boom` (and `test_boom_new`): CPython once looked up `__del__` on
    /// garbage, and a `__getattr__` that deleted the attribute holding the cycle mutated the
    /// garbage mid-collection. Reclaim asks the class metadata instead; the user code it does
    /// run on garbage before clearing is `finalize()`, which here deletes the attribute that
    /// holds the cycle. Both objects are still collected, and nothing goes to `garbage`.
    @Test(arguments: modes) func aFinalizerThatDeletesTheCyclesAttribute(mode: CollectionMode) {
        /// CPython's `Boom`: user code the collector runs deletes the attribute that holds the cycle.
        final class Boom: GCObject {
            var attr: Boom?

            override func traverse(_ visit: (GCObject) -> Void) {
                if let attr { visit(attr) }
            }

            override func clear() { attr = nil }

            override func finalize() { attr = nil }  // del self.attr
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        weak var watchedA: Boom?
        weak var watchedB: Boom?
        do {
            let a = Boom(heap: heap)
            let b = Boom(heap: heap)
            a.attr = b
            b.attr = a
            watchedA = a
            watchedB = b
            #expect(heap.collect() == 0)
        }
        let garbageCount = heap.garbage.count
        #expect(heap.collect() == 2)
        #expect(heap.garbage.count == garbageCount)
        #expect(heap.stats[2].resurrected == 0)
        #expect(watchedA == nil && watchedB == nil)
    }

    /// Ports `GCTests.test_boom2` (and `test_boom2_new`): the mutation waits for the second
    /// time the collector runs the object's code. Here the first is `finalize()`, which only
    /// counts; the second is `clear()`, which deletes the other object's attribute before that
    /// object is cleared, and the `deinit` of each then allocates a new cycle and asks for a
    /// collection, which returns 0 during the collection. Both objects are collected, nothing
    /// goes to `garbage`, and the new cycles are left to the next collection.
    @Test(arguments: modes) func aClearThatDeletesTheOtherGarbagesAttribute(mode: CollectionMode) {
        /// CPython's `Boom2`: the mutation happens the second time the collector runs its code.
        final class Boom2: GCObject {
            var attr: Boom2?
            var x = 0
            let heap: Heap
            let journal: Journal

            init(journal: Journal, heap: Heap) {
                self.journal = journal
                self.heap = heap
                super.init(heap: heap)
            }

            override func traverse(_ visit: (GCObject) -> Void) {
                if let attr { visit(attr) }
            }

            override func finalize() { x += 1 }

            override func clear() {
                x += 1
                if x > 1 {
                    journal.append("clear found the other \(attr?.attr == nil ? "cleared" : "intact")")
                    attr?.attr = nil
                }
                attr = nil
            }

            deinit {
                let cycle = PythonList(heap: heap)
                cycle.items.append(cycle)
                journal.append("deinit collect() returned \(heap.collect())")
            }
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap.logger = LogCapture().logger()
        let journal = Journal()
        do {
            let a = Boom2(journal: journal, heap: heap)
            let b = Boom2(journal: journal, heap: heap)
            a.attr = b
            b.attr = a
            #expect(heap.collect() == 0)
        }
        let garbageCount = heap.garbage.count
        #expect(heap.collect() == 2)
        #expect(heap.garbage.count == garbageCount)
        #expect(
            journal.events == [
                "clear found the other intact", "clear found the other cleared",
                "deinit collect() returned 0", "deinit collect() returned 0",
            ]
        )
        #expect(heap.deferredCollectionGeneration == nil)
        #expect(heap.trackedCount == 2, "the two cycles the deinits built")
        #expect(heap.collect() == 2)
        #expect(heap.trackedCount == 0)
    }

    /// Ports `GCTests.test_bug21435`: a finalizer that drops its reference to another member
    /// of the garbage (`self.attr = None`) while the collection is under way.
    @Test(arguments: modes) func aFinalizerThatDropsAReferenceToOtherGarbage(mode: CollectionMode) {
        /// CPython's `A`: refers to `b`.
        final class A: GCObject {
            var attr: GCObject?

            override func traverse(_ visit: (GCObject) -> Void) {
                if let attr { visit(attr) }
            }

            override func clear() { attr = nil }
        }

        /// CPython's `B`: its finalizer drops its reference to `A`.
        final class B: GCObject {
            var x: GCObject?
            var attr: GCObject?

            override func traverse(_ visit: (GCObject) -> Void) {
                if let x { visit(x) }
                if let attr { visit(attr) }
            }

            override func clear() {
                x = nil
                attr = nil
            }

            override func finalize() { attr = nil }
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap.collect()
        weak var watchedA: A?
        weak var watchedX: A?
        do {
            let a = A(heap: heap)
            let b = B(heap: heap)
            b.x = A(heap: heap)
            a.attr = b
            b.attr = a
            watchedA = a
            watchedX = b.x as? A
        }
        #expect(heap.collect() == 3)
        #expect(watchedA == nil && watchedX == nil)
        #expect(heap.trackedCount == 0)
    }

    // MARK: - GCTests: introspection

    /// Ports `GCTests.test_get_referents`: the referents of a container are what its
    /// `traverse` reports, in order, and those of several objects are concatenated. Python's
    /// integers and strings are not objects here, so the dict reports its values only.
    @Test(arguments: modes) func referentsAreWhatTraverseReports(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        let elements = (0..<4).map { _ in PythonList(heap: heap) }
        let list = PythonList(Array(elements[0..<3]), heap: heap)
        #expect(Self.identities(heap.referents(of: list)) == Self.identities(Array(elements[0..<3])))
        let tuple = PythonTuple(list.items, heap: heap)
        #expect(Self.identities(heap.referents(of: tuple)) == Self.identities(Array(elements[0..<3])))
        let dict = PythonDict(["1": elements[0], "5": elements[1]], heap: heap)
        #expect(Set(Self.identities(heap.referents(of: dict))) == Set(Self.identities(Array(elements[0..<2]))))
        #expect(heap.referents(of: dict).count == 2)

        let several = heap.referents(
            of: PythonList([elements[0], elements[1]], heap: heap),
            PythonDict(["3": elements[2]], heap: heap),
            PythonTuple([elements[3], elements[3], elements[3]], heap: heap)
        )
        #expect(Self.identities(several) == Self.identities(elements + [elements[3], elements[3]]))
        #expect(Self.identities(GC.referents(of: list)) == Self.identities(heap.referents(of: list)))

        #expect(heap.referents(of: PlainLeaf(heap: heap), PythonList(heap: heap), PythonDict(heap: heap)).isEmpty)
    }

    /// Ports `GCTests.test_get_referents_on_capsule` (gh-124538): an object whose class never
    /// overrides `traverse` is untracked and has no referents; a tracked one's are reported.
    @Test(arguments: modes) func referentsOfAnUntrackedObjectAreEmpty(mode: CollectionMode) {
        /// A capsule whose class holds no references: untracked.
        final class UntrackedCapsule: GCObject {
            var pointer = 0
        }

        /// A capsule that holds a context object: tracked.
        final class TrackedCapsule: GCObject {
            var context: GCObject?

            override func traverse(_ visit: (GCObject) -> Void) {
                if let context { visit(context) }
            }
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        let untracked = UntrackedCapsule(heap: heap)
        let tracked = TrackedCapsule(heap: heap)
        tracked.context = PythonList(heap: heap)
        #expect(!heap.isTracked(untracked))
        #expect(heap.isTracked(tracked))
        #expect(heap.referents(of: untracked).isEmpty)
        #expect(Self.identities(heap.referents(of: tracked)) == Self.identities([tracked.context!]))
    }

    /// Ports `GCTests.test_is_tracked`: atomic objects (a class that never overrides
    /// `traverse`, like `object()` or an `int`) are untracked; containers, classes and
    /// instances of user classes that hold references are tracked, subclasses included.
    @Test(arguments: modes) func trackedObjectsAreThoseWhoseClassTraverses(mode: CollectionMode) {
        /// A user class whose instances can hold references.
        class UserClass: GCObject {
            override func traverse(_ visit: (GCObject) -> Void) {}
        }
        /// A subclass that adds nothing (CPython's `__slots__ = ()`).
        final class UserSubclassWithoutFields: UserClass {}
        /// A class that holds plain data only, like `float`.
        class Atomic: GCObject {
            var value = 1.0
        }
        /// A subclass of the atomic class that adds nothing.
        final class AtomicSubclassWithoutFields: Atomic {}
        /// A subclass of the atomic class that adds a reference.
        final class AtomicSubclassThatTraverses: Atomic {
            var next: GCObject?

            override func traverse(_ visit: (GCObject) -> Void) {
                if let next { visit(next) }
            }
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        let capture = LogCapture()
        heap.logger = capture.logger()
        #expect(!heap.isTracked(PlainLeaf(heap: heap)))
        #expect(!heap.isTracked(Atomic(heap: heap)))
        #expect(!heap.isTracked(AtomicSubclassWithoutFields(heap: heap)))
        let pythonClass = PythonClass("UserClass", heap: heap)
        #expect(heap.isTracked(pythonClass))
        #expect(heap.isTracked(PythonInstance(of: pythonClass, heap: heap)))
        #expect(heap.isTracked(UserClass(heap: heap)))
        #expect(heap.isTracked(UserSubclassWithoutFields(heap: heap)))
        #expect(heap.isTracked(AtomicSubclassThatTraverses(heap: heap)))
        #expect(heap.isTracked(PythonList(heap: heap)))
        #expect(heap.isTracked(PythonDict(heap: heap)))
        #expect(heap.isTracked(PythonTuple([], heap: heap)))
        #expect(capture.lines.isEmpty)

        let otherHeap = Heap()
        #expect(!heap.isTracked(PythonList(heap: otherHeap)), "tracked by another heap, not this one")
        #expect(capture.lines.count == 1)
    }

    /// Ports `GCTests.test_is_finalized`: an object whose finalizer ran, and resurrected it,
    /// reports it. CPython's `Lazarus` resurrects itself when `del` drops its last reference;
    /// an object ARC frees cannot be saved, so this one is in a cycle of its own and the
    /// collection runs its finalizer.
    @Test(arguments: modes) func anObjectReportsThatItsFinalizerRan(mode: CollectionMode) {
        /// CPython's `Lazarus`: its finalizer resurrects it.
        final class Lazarus: GCObject {
            let storage: Rescue
            var me: GCObject?

            init(storage: Rescue, heap: Heap) {
                self.storage = storage
                super.init(heap: heap)
                me = self
            }

            override func traverse(_ visit: (GCObject) -> Void) {
                if let me { visit(me) }
            }

            override func clear() { me = nil }

            override func finalize() { storage.saved.append(self) }
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        #expect(!GC.isFinalized(PlainLeaf(heap: heap)))
        let storage = Rescue()
        do {
            let lazarus = Lazarus(storage: storage, heap: heap)
            #expect(!GC.isFinalized(lazarus))
        }
        #expect(heap.collect() == 0)
        let lazarus = storage.saved.popLast()
        #expect(lazarus.map(GC.isFinalized) == true)
        #expect(storage.saved.isEmpty)
    }

    /// Ports `GCTests.test_get_objects_during_gc` (gh-125859): a finalizer run by a
    /// collection lists the heap's objects and its own referrers. The garbage is in no
    /// generation any more, so the object is not listed and nothing refers to it.
    @Test(arguments: modes) func aFinalizerMayListObjectsAndReferrersDuringACollection(mode: CollectionMode) {
        /// CPython's `GetObjectsOnDel`: its finalizer inspects the heap.
        final class GetObjectsOnDel: GCObject {
            var cycle: GCObject?
            let heap: Heap
            let journal: Journal

            init(journal: Journal, heap: Heap) {
                self.journal = journal
                self.heap = heap
                super.init(heap: heap)
            }

            override func traverse(_ visit: (GCObject) -> Void) {
                if let cycle { visit(cycle) }
            }

            override func clear() { cycle = nil }

            override func finalize() {
                let objects = heap.objects()
                journal.append("objects \(objects.count), self listed \(objects.contains { $0 === self })")
                journal.append("referrers \(heap.referrers(of: self).count)")
            }
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        let journal = Journal()
        let live = PythonList([PythonDict(heap: heap)], heap: heap)
        do {
            let object = GetObjectsOnDel(journal: journal, heap: heap)
            object.cycle = object
        }
        #expect(heap.collect() == 1)
        #expect(journal.events == ["objects 2, self listed false", "referrers 0"])
        withExtendedLifetime(live) {}
    }

    // MARK: - GCTests: weak references and finalizers that see other garbage

    /// Ports `GCTests.test_bug1055820b`: the callbacks of weak references to two self-looping
    /// objects read every weak reference; by the time they run, all are cleared, so no
    /// callback can get hold of an object the collection is about to clear.
    @Test(arguments: modes) func callbacksFindEveryWeakReferenceToTheGarbageCleared(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        var ouch: [SelfLoop?] = []
        var callbackRuns = 0
        var weakRefs: [WeakRef<SelfLoop>] = []
        var cs: [SelfLoop]? = (0..<2).map { SelfLoop($0, heap: heap) }
        weakRefs = cs!.map { c in
            WeakRef(c) { _ in
                callbackRuns += 1
                ouch = weakRefs.map(\.object)
            }
        }
        #expect(heap.collect() == 0)
        #expect(ouch.isEmpty)
        cs = nil
        #expect(heap.collect() == 2)
        #expect(callbackRuns == 2)
        #expect(ouch.count == 2)
        #expect(ouch.allSatisfy { $0 == nil })
        weakRefs.removeAll()
    }

    /// Ports `GCTests.test_trash_weakref_clear` (bpo-38006): `A` refers to itself, to `Y`, an
    /// object the collector cannot see into (its class never overrides `traverse`), which
    /// holds `Z`, and to a weak reference to `Z` with a callback, kept alive a little longer
    /// by a second cycle. `Z` looks referenced from outside, so it is not garbage, but it dies
    /// while the garbage is cleared. The weak reference is garbage itself, so its callback
    /// must never run.
    @Test(arguments: modes) func aGarbageWeakReferenceToAnObjectOnlyAnOpaqueHolderKeeps(mode: CollectionMode) {
        /// CPython's `ContainerNoGC`: holds an object but never reports it (untracked).
        final class ContainerNoGC: GCObject {
            var value: GCObject?
        }

        /// CPython's `A`: refers to itself, to `Y` and to the weak reference to `Z`.
        final class A: GCObject {
            var a: GCObject?
            var y: ContainerNoGC?
            var wz: WeakRef<LinkNode>?

            override func traverse(_ visit: (GCObject) -> Void) {
                if let a { visit(a) }
                if let y { visit(y) }
                if let wz { visit(wz) }
            }

            override func clear() {
                a = nil
                y = nil
                wz = nil
            }
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        var callbackRuns = 0
        weak var watchedZ: LinkNode?
        do {
            let a = A(heap: heap)
            a.a = a
            let z = LinkNode(heap: heap)
            watchedZ = z
            let y = ContainerNoGC(heap: heap)
            y.value = z
            a.y = y
            a.wz = WeakRef(z) { _ in callbackRuns += 1 }
            let weakRefCycle = PythonList([a.wz!], heap: heap)
            weakRefCycle.items.append(weakRefCycle)
            #expect(heap.collect() == 0)
        }
        #expect(heap.collect() == 3, "A, the weak reference and the list; Z looked referenced")
        #expect(callbackRuns == 0)
        #expect(watchedZ == nil, "Z died with Y while the garbage was cleared")
        #expect(heap.trackedCount == 0)
    }

    // MARK: - GCTests: resurrection

    /// Ports `GCTests.test_resurrection_only_happens_once_per_object`: a finalizer that
    /// resurrects its object runs once; the second time the object is unreachable, it is
    /// collected.
    @Test(arguments: modes) func resurrectionHappensOncePerObject(mode: CollectionMode) {
        /// CPython's `Lazarus`: its finalizer resurrects it.
        final class Lazarus: SelfLoop {
            let journal: Journal
            let instances: Rescue

            init(journal: Journal, instances: Rescue, heap: Heap) {
                self.journal = journal
                self.instances = instances
                super.init(0, heap: heap)
            }

            override func finalize() {
                journal.append("resurrected")
                instances.saved.append(self)
            }
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap.collect()
        let journal = Journal()
        let instances = Rescue()
        weak var watched: Lazarus?
        do {
            let lazarus = Lazarus(journal: journal, instances: instances, heap: heap)
            watched = lazarus
        }
        #expect(journal.events.isEmpty)
        #expect(heap.collect() == 0)
        #expect(journal.events == ["resurrected"])
        #expect(instances.saved.count == 1)
        instances.saved.removeAll()
        #expect(heap.collect() == 1)
        #expect(journal.events == ["resurrected"])
        #expect(watched == nil)
    }

    /// Ports `GCTests.test_resurrection_is_transitive`: an object its finalizer resurrects
    /// keeps what it refers to, uncleared.
    @Test(arguments: modes) func resurrectionIsTransitive(mode: CollectionMode) {
        /// CPython's `Cargo`: a self-loop that also refers to the `Lazarus` holding it.
        final class Cargo: SelfLoop {
            var laz: GCObject?

            override func traverse(_ visit: (GCObject) -> Void) {
                super.traverse(visit)
                if let laz { visit(laz) }
            }

            override func clear() {
                super.clear()
                laz = nil
            }
        }

        /// CPython's `Lazarus`: its finalizer resurrects it.
        final class Lazarus: GCObject {
            var cargo: Cargo?
            let instances: Rescue

            init(instances: Rescue, heap: Heap) {
                self.instances = instances
                super.init(heap: heap)
            }

            override func traverse(_ visit: (GCObject) -> Void) {
                if let cargo { visit(cargo) }
            }

            override func clear() { cargo = nil }

            override func finalize() { instances.saved.append(self) }
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap.collect()
        let instances = Rescue()
        weak var watchedCargo: Cargo?
        do {
            let laz = Lazarus(instances: instances, heap: heap)
            let cargo = Cargo(0, heap: heap)
            laz.cargo = cargo
            cargo.laz = laz
            watchedCargo = cargo
        }
        #expect(heap.collect() == 0)
        #expect(heap.stats[2].resurrected == 2)
        #expect(instances.saved.count == 1)
        do {
            let instance = instances.saved.popLast() as? Lazarus
            #expect(instance?.cargo != nil)
            #expect(instance?.cargo === watchedCargo)
            #expect(watchedCargo?.laz === instance)
            #expect(watchedCargo?.loop === watchedCargo)
        }
        #expect(heap.collect() == 2)
        #expect(watchedCargo == nil)
    }

    /// Ports `GCTests.test_resurrection_does_not_block_cleanup_of_other_objects`: resurrected
    /// objects are not counted as collected, neither by `collect()` nor by the statistics, and
    /// do not keep other garbage from being collected.
    @Test(arguments: modes) func resurrectionDoesNotBlockCleanupOfOtherObjects(mode: CollectionMode) {
        /// CPython's `Z`: a self-loop whose finalizer resurrects it.
        final class Z: SelfLoop {
            let zs: Rescue

            init(zs: Rescue, heap: Heap) {
                self.zs = zs
                super.init(0, heap: heap)
            }

            override func finalize() { zs.saved.append(self) }
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        let n = 100
        let zs = Rescue()
        func getStats() -> (collected: Int, uncollectable: Int) {
            (heap.stats[2].collected, heap.stats[2].uncollectable)
        }

        heap.collect()
        var old = getStats()
        for index in 0..<n { _ = SelfLoop(index, heap: heap) }
        var t = heap.collect()
        var new = getStats()
        #expect(t == n)
        #expect(new.collected - old.collected == n)
        #expect(new.uncollectable - old.uncollectable == 0)

        old = new
        _ = Z(zs: zs, heap: heap)
        t = heap.collect()
        new = getStats()
        #expect(t == 0, "Z was merely resurrected")
        #expect(new.collected - old.collected == 0)
        #expect(new.uncollectable - old.uncollectable == 0)

        old = new
        for index in 0..<n { _ = SelfLoop(index, heap: heap) }
        _ = Z(zs: zs, heap: heap)
        t = heap.collect()
        new = getStats()
        #expect(t == n)
        #expect(new.collected - old.collected == n)
        #expect(new.uncollectable - old.uncollectable == 0)

        old = new
        #expect(zs.saved.count == 2)
        zs.saved.removeAll()
        t = heap.collect()
        new = getStats()
        #expect(t == 2)
        #expect(new.collected - old.collected == 2)
        #expect(new.uncollectable - old.uncollectable == 0)
        #expect(heap.stats[2].resurrected == 2)
    }

    // MARK: - IncrementalGCTests

    /// Ports `IncrementalGCTests.test_incremental_gc_handles_fast_cycle_creation` (written for
    /// CPython's incremental collector; `_test_gc_fast_cycles.py`, which `test_gc` runs, in
    /// later branches): with thresholds (200, 10), 20 000 doubly
    /// linked lists of 21 nodes, each referring to one long-lived list of 1 001 nodes, become
    /// garbage 20 at a time. Automatic collections must keep up: the objects tracked beyond
    /// the long-lived list stay under CPython's bound of 27 000 (420 000 are created), and a
    /// full collection leaves only the long-lived list.
    @Test(arguments: modes) func automaticCollectionsKeepUpWithFastCycleCreation(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap._checksInvariantsAfterEachCollection = false
        heap.thresholds = (200, 10, heap.thresholds.2)
        heap.enable()
        let head = DoublyLinkedNode.makeList(depth: 1000, heap: heap)
        let initialHeapSize = heap.trackedCount
        var olds: [DoublyLinkedNode] = []
        var largest = 0
        for _ in 0..<20_000 {
            let newHead = DoublyLinkedNode.makeList(depth: 20, heap: heap)
            newHead.surprise = head
            olds.append(newHead)
            if olds.count == 20 {
                largest = max(largest, heap.trackedCount - initialHeapSize)
                olds.removeAll()
            }
        }
        #expect(initialHeapSize == 1001)
        #expect(largest >= 420, "the 20 lists in use are tracked")
        #expect(largest < 27_000, "the heap kept growing")
        heap.disable()
        heap.collect()
        #expect(heap.trackedCount == 1001)
        heap._checkInvariants()
    }

    // MARK: - GCCallbackTests

    /// Ports `GCCallbackTests.test_collect`: each callback is called once at the start and once
    /// at the stop of a collection, in the order they were added, with the generation and
    /// the counts.
    @Test(arguments: modes) func callbacksAreCalledAtStartAndStop(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap.collect()
        var visits: [String] = []
        for callback in 1...2 {
            heap.callbacks.append { phase, info in
                visits.append(
                    "\(callback) \(phase) generation \(info.generation) collected \(info.collected) uncollectable \(info.uncollectable)"
                )
            }
        }
        do { _ = SelfLoop(666, heap: heap) }
        heap.collect()
        #expect(
            visits == [
                "1 start generation 2 collected 0 uncollectable 0",
                "2 start generation 2 collected 0 uncollectable 0",
                "1 stop generation 2 collected 1 uncollectable 0",
                "2 stop generation 2 collected 1 uncollectable 0",
            ]
        )
    }

    /// Ports `GCCallbackTests.test_collect_generation`: the callbacks receive the generation
    /// collected. In incremental mode, generation 1 is an increment, and says so.
    @Test(arguments: modes) func callbacksReceiveTheGenerationCollected(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap.collect()
        var visits: [String] = []
        var increments: [Int] = []
        for callback in 1...2 {
            heap.callbacks.append { phase, info in
                visits.append("\(callback) \(phase) \(info.generation)")
                if callback == 1, info.increment != nil { increments.append(info.generation) }
            }
        }
        for generation in 0...2 { heap.collect(generation: generation) }
        let expected = (0...2).flatMap { generation in
            ["1 start \(generation)", "2 start \(generation)", "1 stop \(generation)", "2 stop \(generation)"]
        }
        #expect(visits == expected)
        #expect(increments == (mode == .generational ? [] : [1]))
    }

    /// Ports `GCCallbackTests.test_collect_garbage`: two pairs of partners a collection
    /// cannot clear (CPython's `Uncollectable`, with a legacy finalizer; here `clear()` leaves
    /// the partner) and one self-loop. The stop callbacks see one collected and four
    /// uncollectable objects, which are in `garbage`. Once `garbage` lets go of them, the next
    /// collection finds the four again (CPython counts 2 there, its legacy finalizers being
    /// handled differently), and a callback that takes them out of `garbage` and breaks the
    /// partnerships frees them.
    @Test(arguments: modes) func callbacksSeeUncollectableObjectsAndMayFreeThem(mode: CollectionMode) {
        /// CPython's `Uncollectable`: a pair of partners that `clear()` never separates.
        final class Uncollectable: GCObject {
            var partner: Uncollectable?

            init(partner: Uncollectable?, heap: Heap) {
                super.init(heap: heap)
                self.partner = partner ?? Uncollectable(partner: self, heap: heap)
            }

            override func traverse(_ visit: (GCObject) -> Void) {
                if let partner { visit(partner) }
            }
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap.logger = LogCapture().logger()
        heap.collect()
        var stops: [String] = []
        var cleanup = false
        heap.callbacks.append { phase, info in
            if phase == .stop { stops.append("1 collected \(info.collected) uncollectable \(info.uncollectable)") }
        }
        heap.callbacks.append { [unowned heap] phase, info in
            guard phase == .stop else { return }
            stops.append("2 collected \(info.collected) uncollectable \(info.uncollectable)")
            if cleanup {
                let uncollectables = heap.garbage.compactMap { $0 as? Uncollectable }
                heap.garbage = heap.garbage.filter { !($0 is Uncollectable) }
                for uncollectable in uncollectables { uncollectable.partner = nil }
            }
        }
        weak var watched: Uncollectable?
        do {
            let first = Uncollectable(partner: nil, heap: heap)
            watched = first
            _ = Uncollectable(partner: nil, heap: heap)
            _ = SelfLoop(666, heap: heap)
        }
        heap.collect()
        #expect(stops == ["1 collected 1 uncollectable 4", "2 collected 1 uncollectable 4"])
        #expect(heap.garbage.count == 4)
        #expect(heap.garbage.allSatisfy { $0 is Uncollectable })

        cleanup = true
        stops = []
        heap.garbage = []
        heap.collect()
        #expect(stops == ["1 collected 0 uncollectable 4", "2 collected 0 uncollectable 4"])
        #expect(heap.garbage.isEmpty)
        #expect(watched == nil)
        #expect(heap.trackedCount == 0)
    }

    /// Ports `GCCallbackTests.test_refcount_errors`: CPython stops with a fatal error when an
    /// object's reference count is lower than the references live objects hold to it. A
    /// `traverse` that reports more references than exist has the same effect on the working
    /// counts; Reclaim detects it, keeps what the suspect type reaches, names it in the stop
    /// info and the log, and goes on. `a = [1, 2, 3, b]`, `b = [a, a]`, with `b` reporting `a`
    /// once too often; the suspects are `b`'s type and the array storage it reports `a` from.
    @Test(arguments: modes) func aTraverseThatReportsTooManyReferencesIsRefused(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        let capture = LogCapture()
        heap.logger = capture.logger()
        var suspects: [[TraverseSuspect]] = []
        var heldBack: [Int] = []
        heap.callbacks.append { phase, info in
            guard phase == .stop else { return }
            suspects.append(info.suspects)
            heldBack.append(info.heldBack)
        }
        weak var watched: MiscountingList?
        do {
            let a = PythonList([PlainLeaf(heap: heap), PlainLeaf(heap: heap), PlainLeaf(heap: heap)], heap: heap)
            let b = MiscountingList([a, a], heap: heap)
            a.items.append(b)
            watched = b
        }
        #expect(heap.collect() == 0, "everything the suspect type reaches is kept")
        #expect(
            suspects == [
                [
                    TraverseSuspect(
                        referencedTypeName: "PythonList",
                        referrerTypeNames: ["MiscountingList", "[GCObject] storage"],
                        excess: 1
                    )
                ]
            ]
        )
        #expect(heldBack == [2])
        #expect(heap.stats[2].refused == 1)
        #expect(capture.lines.count == 1)
        #expect(capture.lines.first?.hasPrefix("error: gc: collection of generation 2: traverse(_:) of") == true)
        #expect(watched != nil)

        watched?.extraReports = 0
        #expect(heap.collect() == 2)
        #expect(watched == nil)
    }

    // MARK: - GCTogglingTests: automatic collections

    /// Ports `GCTogglingTests.test_bug1055820c`: `c0` is old and only `c1` keeps it alive;
    /// `c1` and `c2` are young self-loops; a weak reference to `c0` has a callback that reads
    /// a callback-free weak reference to `c2`. The automatic collection that finds `c1` and
    /// `c2` frees `c0` while it clears `c1`; the callback must then find `c2`'s weak reference
    /// cleared.
    @Test(arguments: modes) func aCallbackRunWhenOldGarbageDiesSeesYoungGarbageCleared(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap.thresholds = (100, 10, 10)
        heap.enable()
        var c0: SelfLoop? = SelfLoop(0, heap: heap)
        heap.collect()  // moves c0 to the old generation
        #expect(Self.generation(of: c0!, in: heap) == 2)

        var c1: SelfLoop? = SelfLoop(1, heap: heap)
        c1!.other = c0
        c0!.loop = nil  // now only c1 keeps c0 alive
        var c2: SelfLoop? = SelfLoop(2, heap: heap)
        let c2wr = WeakRef(c2!)  // no callback
        var ouch: [SelfLoop?] = []
        let c0wr = WeakRef(c0!) { _ in ouch = [c2wr.object] }
        c0 = nil
        c1 = nil
        c2 = nil

        var junk: [GCObject] = []
        let detector = GCDetector(heap: heap)
        var i = 0
        while !detector.gcHappened {
            i += 1
            if i > 10_000 {
                Issue.record("gc didn't happen after 10000 iterations")
                break
            }
            #expect(ouch.isEmpty)
            junk.append(PythonList(heap: heap))
        }
        #expect(ouch.count == 1, "else the callback wasn't invoked")
        #expect(ouch.allSatisfy { $0 == nil })
        #expect(c0wr.object == nil)
        heap.disable()
        withExtendedLifetime(junk) {}
    }

    /// Ports `GCTogglingTests.test_bug1055820d`: as the previous test, but the old object's
    /// finalizer, run when ARC frees it during the clearing, reads the weak reference.
    @Test(arguments: modes) func aFinalizerRunWhenOldGarbageDiesSeesYoungGarbageCleared(mode: CollectionMode) {
        /// CPython's `D`: a self-loop whose finalizer runs the given code.
        final class D: SelfLoop {
            let read: () -> Void

            init(read: @escaping () -> Void, heap: Heap) {
                self.read = read
                super.init(0, heap: heap)
            }

            override func finalize() { read() }
        }

        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap.thresholds = (100, 10, 10)
        heap.enable()
        var ouch: [SelfLoop?] = []
        var c2wr: WeakRef<SelfLoop>?
        var d0: D? = D(read: { ouch = [c2wr?.object] }, heap: heap)
        heap.collect()  // moves d0 to the old generation
        #expect(Self.generation(of: d0!, in: heap) == 2)

        var c1: SelfLoop? = SelfLoop(1, heap: heap)
        c1!.other = d0
        d0!.loop = nil  // now only c1 keeps d0 alive
        var c2: SelfLoop? = SelfLoop(2, heap: heap)
        c2wr = WeakRef(c2!)  // no callback
        d0 = nil
        c1 = nil
        c2 = nil

        let detector = GCDetector(heap: heap)
        var junk: [GCObject] = []
        var i = 0
        while !detector.gcHappened {
            i += 1
            if i > 10_000 {
                Issue.record("gc didn't happen after 10000 iterations")
                break
            }
            #expect(ouch.isEmpty)
            junk.append(PythonList(heap: heap))
        }
        #expect(ouch.count == 1, "else the finalizer wasn't invoked")
        #expect(ouch.allSatisfy { $0 == nil })
        heap.disable()
        withExtendedLifetime(junk) {}
    }

    /// Ports `GCTogglingTests.test_indirect_calls_with_gc_disabled`: allocations run an
    /// automatic collection while collection is enabled, and none once it is disabled.
    @Test(arguments: modes) func allocationsCollectOnlyWhileCollectionIsEnabled(mode: CollectionMode) {
        let heap = Self.makeHeap(mode)
        defer { Self.collectLeftovers(heap) }
        heap.thresholds = (1000, 10, 10)
        heap.enable()
        var junk: [GCObject] = []
        var i = 0
        var detector = GCDetector(heap: heap)
        while !detector.gcHappened {
            i += 1
            if i > 10_000 {
                Issue.record("gc didn't happen after 10000 iterations")
                break
            }
            junk.append(PythonList(heap: heap))
        }
        #expect(i <= 10_000)

        heap.disable()
        junk = []
        i = 0
        detector = GCDetector(heap: heap)
        while !detector.gcHappened {
            i += 1
            if i > 10_000 { break }
            junk.append(PythonList(heap: heap))
        }
        #expect(i == 10_001)
        #expect(Self.counts(of: heap)[0] > 10_000, "the allocations were counted")
        heap.enable()
        junk.append(PythonList(heap: heap))
        #expect(detector.gcHappened, "the next allocation collects")
        heap.disable()
    }
}

extension CPythonGCCaseTests {
    /// CPython's `C1055820`: an object in a cycle of its own from birth (`self.loop = self`),
    /// with a spare attribute for the tests that hang another object on it.
    class SelfLoop: GCObject {
        let i: Int
        var loop: GCObject?
        var other: GCObject?

        init(_ i: Int, heap: Heap) {
            self.i = i
            super.init(heap: heap)
            loop = self
        }

        override func traverse(_ visit: (GCObject) -> Void) {
            if let loop { visit(loop) }
            if let other { visit(other) }
        }

        override func clear() {
            loop = nil
            other = nil
        }
    }

    /// CPython's `GC_Detector`: a piece of cyclic garbage with a weak reference whose callback
    /// records that a collection found it.
    final class GCDetector {
        private final class Flag {
            var isSet = false
        }

        private let flag: Flag
        private let weakRef: WeakRef<SelfLoop>

        init(heap: Heap) {
            let flag = Flag()
            self.flag = flag
            weakRef = WeakRef(SelfLoop(666, heap: heap)) { _ in flag.isSet = true }
        }

        /// Whether a collection has found the garbage.
        var gcHappened: Bool { flag.isSet }
    }

    /// CPython's `X` from `test_garbage_at_shutdown`: a named object whose references `clear()`
    /// never drops, as CPython never clears an object with a legacy `tp_del`.
    final class NamedUncollectable: GCObject {
        let name: String
        var x: GCObject?
        var y: GCObject?

        init(_ name: String, heap: Heap) {
            self.name = name
            super.init(heap: heap)
        }

        override func traverse(_ visit: (GCObject) -> Void) {
            if let x { visit(x) }
            if let y { visit(y) }
        }
    }

    /// What the finalizers of `Ouch` and `FinalizedList` objects recorded.
    final class OuchRecord {
        var created = 0
        var finalized = 0
        var nestedCollections: [Int] = []
    }

    /// CPython's `Ouch` from `test_trashcan`: its finalizer counts, and every 17th call asks
    /// its heap for a collection.
    final class Ouch: GCObject {
        let record: OuchRecord
        let heap: Heap

        init(record: OuchRecord, heap: Heap) {
            self.record = record
            self.heap = heap
            super.init(heap: heap)
        }

        override func traverse(_ visit: (GCObject) -> Void) {}

        override func finalize() {
            record.finalized += 1
            if record.finalized % 17 == 0 { record.nestedCollections.append(heap.collect()) }
        }
    }

    /// The list subclass with a finalizer of `test_trashcan_threads` (its `C`): counts its
    /// creations and finalizations.
    final class FinalizedList: PythonList {
        let record: OuchRecord

        init(_ items: [GCObject], record: OuchRecord, heap: Heap) {
            self.record = record
            super.init(items, heap: heap)
            record.created += 1
        }

        override func finalize() { record.finalized += 1 }
    }

    /// A list whose `traverse` reports its first item `extraReports` more times than it holds
    /// it: the over-report that stands for CPython's too-small reference count.
    final class MiscountingList: GCObject {
        var items: [GCObject]
        var extraReports = 1

        init(_ items: [GCObject], heap: Heap) {
            self.items = items
            super.init(heap: heap)
        }

        override func traverse(_ visit: (GCObject) -> Void) {
            items.traceReferences(visit)
            if let first = items.first {
                for _ in 0..<extraReports { visit(first) }
            }
        }

        override func clear() { items = [] }
    }

    /// The node of `IncrementalGCTests`' doubly linked lists: `next` and `prev` make each pair
    /// of neighbours a cycle, and `surprise` refers to a long-lived list.
    final class DoublyLinkedNode: GCObject {
        var next: DoublyLinkedNode?
        var prev: DoublyLinkedNode?
        var surprise: DoublyLinkedNode?

        init(next: DoublyLinkedNode? = nil, prev: DoublyLinkedNode? = nil, heap: Heap) {
            self.next = next
            self.prev = prev
            super.init(heap: heap)
            next?.prev = self
            prev?.next = self
        }

        override func traverse(_ visit: (GCObject) -> Void) {
            if let next { visit(next) }
            if let prev { visit(prev) }
            if let surprise { visit(surprise) }
        }

        override func clear() {
            next = nil
            prev = nil
            surprise = nil
        }

        /// CPython's `make_ll(depth)`: a list of `depth` + 1 nodes; returns its head.
        static func makeList(depth: Int, heap: Heap) -> DoublyLinkedNode {
            var head = DoublyLinkedNode(heap: heap)
            for _ in 0..<depth { head = DoublyLinkedNode(next: head, prev: head.prev, heap: heap) }
            return head
        }
    }
}
