import Logging

/// Reports, once per class, that a class could not get Reclaim's destroy function (see
/// `RuntimeShims.installReleaseHook`): its instances do not run `finalize()` when ARC frees
/// them, and collections requested from their `deinit` are not deferred.
enum ReleaseHookFailures {
    private static let reported = LockedValue<Set<ObjectIdentifier>>([])

    static func report(_ type: GCObject.Type) {
        let isNew = reported.withLock { $0.insert(ObjectIdentifier(type)).inserted }
        guard isNew else { return }
        let reason =
            RuntimeShims.readsNativeLayout
            ? "the table of hooked classes is full"
            : "this platform's class metadata layout is not one Reclaim writes"
        Logger(label: "Reclaim.runtime").warning(
            """
            Reclaim: \(_typeName(type, qualified: false)) runs no finalize() when ARC frees an \
            instance, and collections requested from its deinit are not deferred: \(reason)
            """
        )
    }
}
