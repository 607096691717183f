import Logging

/// The checks Reclaim runs once, before the first heap exists, on every runtime layout it
/// reads directly: each compares a direct read with what the Swift runtime itself reports, on
/// objects made for the purpose.
///
/// A check that fails switches its feature to a slower path that asks the runtime, or off,
/// and says so at `error` level through the `Reclaim.runtime` logger; the tests require every
/// check to pass on the platforms Reclaim is verified on. Nothing fails silently.
package enum RuntimeProbes {
    /// What the checks found, computed on first use.
    package static let results = Results.run()

    /// Whether `ReferenceWalker` finds exactly the strong references of a probe object that
    /// holds them in properties, optionals, enums, an existential, array and dictionary
    /// storage and closure captures, next to `weak` and `unowned` ones. Checked on first use
    /// (by leak checks, object-graph queries and traced closures, not by every program that
    /// creates a heap); a failure is logged at `error` level and turns those features off.
    package static let walksObjectReferences: Bool = {
        let works = checkReferenceWalker()
        if !works {
            Logger(label: "Reclaim.runtime").error(
                "Reclaim: the references of plain Swift objects cannot be read from runtime metadata; leak checks and object-graph queries see only tracked objects, and @Traced closure properties are not traced"
            )
        }
        return works
    }()

    /// The outcome of every check.
    package struct Results: Sendable {
        /// The reference-count word decodes to the runtime's strong count and deinit state.
        package var decodesReferenceCountWord = false
        /// The count word of a side table decodes to the runtime's strong count.
        package var decodesSideTableCounts = false
        /// The thread's exclusivity access records can be listed.
        package var readsAccessRecords = false
        /// `GCObject.finalize()` was found in class metadata.
        package var locatesFinalize = false
        /// `GCObject.traverse(_:)` was found in class metadata.
        package var locatesTraverse = false
        /// The instance size read from class metadata matches the runtime's.
        package var readsInstanceSize = false
        /// Boxes of `indirect` enum cases are found from the enum value.
        package var findsIndirectBoxes = false
        /// Boxes of existentials are found from the container.
        package var findsExistentialBoxes = false
        /// One line per failed check: what is off or slower because of it.
        package var failures: [String] = []

        static func run() -> Results {
            var results = Results()
            let native = RuntimeShims.readsNativeLayout
            results.decodesReferenceCountWord = native && checkReferenceCountWord()
            RuntimeShims.setReferenceCountWordVerified(results.decodesReferenceCountWord)
            results.decodesSideTableCounts = results.decodesReferenceCountWord && checkSideTableCounts()
            RuntimeShims.setSideTableWordVerified(results.decodesSideTableCounts)
            results.readsAccessRecords = RuntimeShims.probeAccessRecords()
            let entries = VTableProbe.locateEntries()
            results.locatesFinalize = entries.finalize
            results.locatesTraverse = entries.traverse
            results.readsInstanceSize = native && checkInstanceSize()
            results.findsIndirectBoxes = checkIndirectBoxes()
            results.findsExistentialBoxes = checkExistentialBoxes()
            results.recordFailures()
            if !results.failures.isEmpty {
                let logger = Logger(label: "Reclaim.runtime")
                for failure in results.failures {
                    logger.error("Reclaim: \(failure)")
                }
            }
            return results
        }

        private mutating func recordFailures() {
            if !decodesReferenceCountWord {
                failures.append(
                    "the reference-count word of objects does not have the layout expected; counts are read through the runtime (slower collections)"
                )
            }
            if !decodesSideTableCounts {
                failures.append(
                    "the side-table counts of weakly referenced objects do not have the layout expected; they are read through the runtime (slower leak checks and object-graph queries)"
                )
            }
            if !readsAccessRecords {
                failures.append(
                    "the exclusivity access records cannot be read; a collection cannot tell which objects are in the middle of a property write"
                )
            }
            if !locatesFinalize {
                failures.append(
                    "GCObject.finalize() was not found in class metadata; every class is treated as overriding it (slower collections)"
                )
            }
            if !locatesTraverse {
                failures.append(
                    "GCObject.traverse(_:) was not found in class metadata; every object is tracked, also of classes without references"
                )
            }
            if !findsIndirectBoxes {
                failures.append(
                    "boxes of indirect enum cases cannot be found; their contents are not reported (cycles through them can leak)"
                )
            }
            if !findsExistentialBoxes {
                failures.append(
                    "boxes of existentials cannot be found; boxed values in Any properties are not reported (cycles through them can leak)"
                )
            }
        }
    }

    private final class ProbeObject {
        var value = 0
        var deinitState: (strongCount: Int, isDeinitializing: Bool, runtimeSaysDeallocating: Bool)?
        let onDeinit: ((strongCount: Int, isDeinitializing: Bool, runtimeSaysDeallocating: Bool)) -> Void

        init(onDeinit: @escaping ((strongCount: Int, isDeinitializing: Bool, runtimeSaysDeallocating: Bool)) -> Void) {
            self.onDeinit = onDeinit
        }

        deinit {
            let address = Unmanaged.passUnretained(self).toOpaque()
            let word = RuntimeShims.referenceCountWordForProbe(of: address)
            onDeinit(
                (RuntimeShims.strongCount(decoding: word), word & (1 << 32) != 0, RuntimeShims.isDeallocating(address))
            )
        }
    }

    /// Decodes the word of a fresh object, of the same object retained twice more, and of an
    /// object in its `deinit`, and compares with `swift_retainCount` and
    /// `swift_isDeallocating`. Also checks where the unowned count is: the collection skips
    /// atomic operations only for a word whose unowned count reads 1
    /// (`RuntimeShims.hasOnlyStrongReferences`), so an unowned retain must make it read
    /// otherwise.
    private static func checkReferenceCountWord() -> Bool {
        var matches = true
        var sawDeinit = false
        do {
            let object = ProbeObject { state in
                sawDeinit = true
                matches = matches && state.isDeinitializing && state.runtimeSaysDeallocating
            }
            let address = Unmanaged.passUnretained(object).toOpaque()
            for extra in 0..<3 {
                let word = RuntimeShims.referenceCountWordForProbe(of: address)
                let decoded = RuntimeShims.strongCount(decoding: word)
                matches =
                    matches && word >> 63 == 0 && decoded == RuntimeShims.retainCount(address)
                    && word & (1 << 32) == 0 && !RuntimeShims.isDeallocating(address)
                if extra < 2 { RuntimeShims.retainForProbe(address) }
            }
            RuntimeShims.releaseForProbe(address)
            RuntimeShims.releaseForProbe(address)
            let fresh = RuntimeShims.referenceCountWordForProbe(of: address)
            RuntimeShims.unownedRetainForProbe(address)
            let withUnowned = RuntimeShims.referenceCountWordForProbe(of: address)
            RuntimeShims.unownedReleaseForProbe(address)
            matches =
                matches && RuntimeShims.hasOnlyStrongReferences(fresh)
                && !RuntimeShims.hasOnlyStrongReferences(withUnowned) && withUnowned &- fresh == 2
            withExtendedLifetime(object) {}
        }
        return matches && sawDeinit
    }

    /// Gives a fresh object a side table (a weak reference to it) and compares the strong
    /// count read from the table with `swift_retainCount` as it is retained twice more.
    private static func checkSideTableCounts() -> Bool {
        let object = ProbeObject { _ in }
        weak let weakReference = object
        let address = Unmanaged.passUnretained(object).toOpaque()
        var matches = true
        for extra in 0..<3 {
            let decoded = RuntimeShims.sideTableStrongCountForProbe(of: address)
            matches = matches && decoded != nil && decoded == RuntimeShims.retainCount(address)
            if extra < 2 { RuntimeShims.retainForProbe(address) }
        }
        RuntimeShims.releaseForProbe(address)
        RuntimeShims.releaseForProbe(address)
        return withExtendedLifetime((object, weakReference)) { matches }
    }

    private final class ThreeWords {
        var a = 0, b = 0, c = 0
    }

    private static func checkInstanceSize() -> Bool {
        RuntimeShims.instanceSize(of: ThreeWords.self) == 16 + 24
            && RuntimeShims.instanceSize(of: ThreeWords.self) == RuntimeShims.runtimeInstanceSize(of: ThreeWords.self)
    }

    private indirect enum ProbeList {
        case node(ProbeObject, ProbeList)
        case end
    }

    private enum ProbeMixed {
        case none
        indirect case link(ProbeObject, ProbeMixed)
        case leaf(ProbeObject)
    }

    /// The box of an indirect case holds its payload right after the 16-byte object header.
    private static func checkIndirectBoxes() -> Bool {
        let object = ProbeObject { _ in }
        let address = UInt(bitPattern: Unmanaged.passUnretained(object).toOpaque())
        let list = ProbeList.node(object, .end)
        let mixed = ProbeMixed.link(object, .leaf(object))
        return withExtendedLifetime((object, list, mixed)) {
            guard let listBox = RuntimeShims.indirectPayloadBox(of: list),
                let mixedBox = RuntimeShims.indirectPayloadBox(of: mixed)
            else { return false }
            return listBox.load(fromByteOffset: 16, as: UInt.self) == address
                && mixedBox.load(fromByteOffset: 16, as: UInt.self) == address
                && RuntimeShims.referenceCountState(of: listBox).strongCount >= 1
        }
    }

    private struct FourWords {
        var object: ProbeObject
        var b = 1, c = 2, d = 3
    }

    /// A four-word value in an `Any` lives in a box whose payload follows the 16-byte header;
    /// a one-word value is inline.
    private static func checkExistentialBoxes() -> Bool {
        let object = ProbeObject { _ in }
        let address = UInt(bitPattern: Unmanaged.passUnretained(object).toOpaque())
        let boxed: Any = FourWords(object: object)
        let inline: Any = 42
        return withExtendedLifetime((object, boxed)) {
            guard let box = RuntimeShims.existentialBox(in: Optional(boxed)) else { return false }
            return box.load(fromByteOffset: 16, as: UInt.self) == address
                && RuntimeShims.existentialBox(in: Optional(inline)) == nil
        }
    }

    private enum WalkProbeState {
        case idle
        case holding(ProbeObject, Int)
    }

    private final class WalkProbe {
        var strong: ProbeObject
        weak var weakReference: ProbeObject?
        unowned var unownedReference: ProbeObject
        var optional: ProbeObject?
        var state = WalkProbeState.idle
        var any: Any = 0
        var array: [ProbeObject] = []
        var dictionary: [Int: ProbeObject] = [:]
        var closure: (() -> Int)?

        init(_ object: ProbeObject) {
            strong = object
            unownedReference = object
        }
    }

    /// Walks a probe object and what it holds (two levels: storage and closure contexts are
    /// objects of their own) and compares the objects found with the ones stored strongly.
    private static func checkReferenceWalker() -> Bool {
        guard RuntimeShims.readsNativeMetadata else { return false }
        let objects = (0..<7).map { _ in ProbeObject { _ in } }
        let probe = WalkProbe(objects[0])
        probe.weakReference = objects[6]
        probe.optional = objects[1]
        probe.state = .holding(objects[2], 1)
        probe.any = objects[3]
        probe.array = [objects[4]]
        probe.dictionary = [7: objects[5]]
        let captured = (objects[6], objects[0])
        probe.closure = { captured.0.value + captured.1.value }
        return withExtendedLifetime((objects, probe)) {
            let walker = ReferenceWalker()
            var found: Set<UnsafeRawPointer> = []
            var pending = [UnsafeRawPointer(Unmanaged.passUnretained(probe).toOpaque())]
            var visited: Set<UnsafeRawPointer> = []
            while let object = pending.popLast() {
                guard visited.insert(object).inserted else { continue }
                let unreadable = walker.forEachReference(of: object) { target, _ in
                    if walker.kind(of: target) == .classInstance {
                        found.insert(target)
                    } else {
                        pending.append(target)
                    }
                }
                if unreadable != 0 { return false }
            }
            let expected = Set(objects.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) })
            return found == expected
        }
    }
}
