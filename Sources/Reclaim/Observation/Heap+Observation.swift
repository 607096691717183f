import CoreMetrics
import Logging

extension Heap {
    /// Calls every collection callback with `phase` and `info`. A copy of the list is used,
    /// so callbacks may change ``callbacks``.
    func runCallbacks(_ phase: CollectionPhase, _ info: CollectionInfo) {
        for callback in callbacks {
            callback(phase, info)
        }
    }

    func recordMetrics(_ info: CollectionInfo) {
        if metrics == nil {
            metrics = CollectorMetrics(factory: metricsFactory ?? MetricsSystem.factory)
        }
        metrics.unsafelyUnwrapped.record(info)
    }

    func logStart(generation: Int) {
        logger.info("gc: collecting generation \(generation)...")
        let sizes = withOwnedLists { (0...2).map { String(lists[$0].liveCount) } }
        logger.info("gc: objects in each generation: \(sizes.joined(separator: " "))")
        let frozen = withOwnedLists { lists[SlotWord.permanentGeneration].liveCount }
        logger.info("gc: objects in permanent generation: \(frozen)")
    }

    func logDone(_ info: CollectionInfo) {
        let seconds = Double(info.duration.components.attoseconds) / 1e18 + Double(info.duration.components.seconds)
        var line =
            "gc: done, \(info.collected + info.uncollectable) unreachable, \(info.uncollectable) uncollectable"
        if info.resurrected > 0 { line += ", \(info.resurrected) resurrected" }
        line += ", \(String(format: seconds))s elapsed"
        logger.info("\(line)")
    }

    /// Logs one unreachable object, in CPython's `<Type 0x…>` form.
    func logObject(_ kind: String, _ object: GCObject, generation: Int) {
        logger.info("gc: \(kind) \(Self.describe(object)) (generation \(generation))")
    }

    /// Logged whatever the debug flags: an over-report means a `traverse` bug.
    func logOverReport(
        generation: Int,
        suspects: [TraverseSuspect],
        heldBack: Int,
        distrustedTypeNames: [String],
        collected: Int
    ) {
        let unreachableKept = heldBack == 1 ? "1 of them unreachable" : "\(heldBack) of them unreachable"
        let freed = collected == 1 ? "the other unreachable object" : "the other \(collected) unreachable objects"
        logger.error(
            """
            gc: collection of generation \(generation): \(suspects.map(\.description).joined(separator: "; ")). \
            An object in use could have looked unreachable, so the collection kept every object that \
            objects of \(distrustedTypeNames.joined(separator: ", ")) reach (\(unreachableKept)) and freed \
            \(freed). Run GC.verify() (or heap.verify()) to find the property.
            """
        )
    }

    /// Logged whatever the debug flags (at `warning` level): objects found unreachable whose
    /// `clear()` left them referenced, which usually means a reference `clear()` cannot drop.
    func logUncollectable(_ objects: [GCObject], generation: Int) {
        var countsByType: [String: Int] = [:]
        for object in objects {
            countsByType[_typeName(type(of: object), qualified: false), default: 0] += 1
        }
        let types = countsByType.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .map { $0.value == 1 ? $0.key : "\($0.key) ×\($0.value)" }
            .joined(separator: ", ")
        let count = objects.count == 1 ? "1 unreachable object is" : "\(objects.count) unreachable objects are"
        logger.warning(
            """
            gc: collection of generation \(generation): \(count) uncollectable (\(types)): still \
            referenced after clear(), so kept alive in heap.garbage. A reference that clear() cannot \
            drop holds their cycle together: a let, a non-optional reference, an enum payload, or a \
            property a hand-written clear() forgets (@Traced warns about such properties when it \
            compiles); make it an optional var, or break the cycle in code.
            """
        )
    }

    func logNestedCollection(generation: Int) {
        logger.warning(
            """
            gc: collect(generation: \(generation)) ignored: this heap is already collecting \
            (the call came from a collection callback, a finalizer, a weak reference callback, \
            a clear() or a deinit run by the collection); it returns 0
            """
        )
    }

    static func describe(_ object: GCObject) -> String {
        let address = UInt(bitPattern: Unmanaged.passUnretained(object).toOpaque())
        let digits = String(address, radix: 16)
        return "<\(type(of: object)) 0x\(String(repeating: "0", count: max(0, 16 - digits.count)))\(digits)>"
    }
}

extension String {
    /// `seconds` with seven significant decimals, without Foundation.
    fileprivate init(format seconds: Double) {
        let scaled = (seconds * 1e7).rounded()
        let whole = Int(scaled) / 10_000_000
        let fraction = String(Int(scaled) % 10_000_000)
        self = "\(whole).\(String(repeating: "0", count: 7 - fraction.count))\(fraction)"
    }
}
