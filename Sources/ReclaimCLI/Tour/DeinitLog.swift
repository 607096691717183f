/// Records the names of watched objects as their `deinit` runs, in order.
final class DeinitLog {
    private(set) var names: [String] = []

    func record(_ name: String) {
        names.append(name)
    }
}
