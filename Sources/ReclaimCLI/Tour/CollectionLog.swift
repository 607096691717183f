import Reclaim

/// Records what each collection reported to a `GC.callbacks` entry when it stopped.
final class CollectionLog {
    private(set) var stops: [CollectionInfo] = []

    func record(_ phase: CollectionPhase, _ info: CollectionInfo) {
        if phase == .stop {
            stops.append(info)
        }
    }
}
