extension ReferenceScan {
    /// Marks (-1) every node reachable from a node with a positive working count, with an
    /// explicit stack instead of recursion (CPython's `move_unreachable`). Call only when no
    /// count is negative.
    ///
    /// - Returns: How many candidates stay unmarked: the garbage, whose counts are 0.
    func markReachable() -> Int {
        guard storages.isEmpty else {
            return candidateCount - mark { root in refs[root] > 0 }
        }
        // Candidates only: the references are all in the compressed rows.
        let count = candidateCount
        let stack = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(count, 1))
        defer { stack.deallocate() }
        var marked = 0
        for root in 0..<count where refs[root] > 0 {
            refs[root] = -1
            marked += 1
            stack[0] = Int32(truncatingIfNeeded: root)
            var depth = 1
            while depth > 0 {
                depth -= 1
                let index = Int(stack[depth])
                for edge in Int(edgeStarts[index])..<Int(edgeStarts[index + 1]) {
                    let target = Int(edges[edge])
                    if refs[target] >= 0 {
                        refs[target] = -1
                        marked += 1
                        stack[depth] = Int32(truncatingIfNeeded: target)
                        depth += 1
                    }
                }
            }
        }
        return count - marked
    }

    /// Marks (-1) every node reachable from the nodes `isRoot` selects, skipping nodes
    /// already marked.
    ///
    /// - Returns: How many candidates this call marked.
    @inline(__always)
    func mark(roots isRoot: (Int) -> Bool) -> Int {
        let total = nodeCount
        let stack = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(total, 1))
        defer { stack.deallocate() }
        let storageRows =
            storages.isEmpty
            ? nil : StorageRows(storageEdges, storageBase: candidateCount, storageCount: storages.count)
        defer { storageRows?.deallocate() }
        let base = candidateCount
        var marked = 0
        for root in 0..<total where refs[root] != -1 && isRoot(root) {
            refs[root] = -1
            if root < base { marked += 1 }
            stack[0] = Int32(truncatingIfNeeded: root)
            var depth = 1
            while depth > 0 {
                depth -= 1
                let node = Int(stack[depth])
                let targets: Range<Int>
                if node < base {
                    targets = Int(edgeStarts[node])..<Int(edgeStarts[node + 1])
                } else {
                    targets = storageRows.unsafelyUnwrapped.range(of: node - base)
                }
                for edge in targets {
                    let target = node < base ? Int(edges[edge]) : Int(storageRows.unsafelyUnwrapped.targets[edge])
                    if refs[target] != -1 {
                        refs[target] = -1
                        if target < base { marked += 1 }
                        stack[depth] = Int32(truncatingIfNeeded: target)
                        depth += 1
                    }
                }
            }
        }
        return marked
    }
}

/// The references from storage nodes as compressed sparse rows, built for one marking pass.
struct StorageRows {
    let starts: UnsafeMutablePointer<Int32>
    let targets: UnsafeMutablePointer<Int32>

    /// Sorts `references` (whose sources are node numbers from `storageBase` on) by source.
    init(_ references: [(source: Int32, target: Int32)], storageBase: Int, storageCount: Int) {
        starts = .allocate(capacity: storageCount + 1)
        starts.initialize(repeating: 0, count: storageCount + 1)
        targets = .allocate(capacity: Swift.max(references.count, 1))
        for reference in references {
            starts[Int(reference.source) - storageBase + 1] += 1
        }
        for storage in 0..<storageCount {
            starts[storage + 1] += starts[storage]
        }
        var next = [Int32](repeating: 0, count: storageCount)
        for reference in references {
            let row = Int(reference.source) - storageBase
            targets[Int(starts[row] + next[row])] = reference.target
            next[row] += 1
        }
    }

    func range(of storage: Int) -> Range<Int> {
        Int(starts[storage])..<Int(starts[storage + 1])
    }

    func deallocate() {
        starts.deallocate()
        targets.deallocate()
    }
}
