/// The plain-text output of `reclaim tour`, read back as the `expression → value` readings
/// it prints.
struct TourOutput {
    let text: String

    /// The section headings, such as `3. The cycle collector [collector]`, in order.
    var headings: [String] {
        text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("== "), line.hasSuffix(" ==") else {
                return nil
            }
            return String(line.dropFirst(3).dropLast(3))
        }
    }

    /// The values printed after `expression →`, in order of appearance. A value ends at the
    /// two spaces that start its note, or at the end of the line.
    func values(of expression: String) -> [String] {
        let marker = expression + " → "
        return text.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: marker) else {
                return nil
            }
            let before = line[..<range.lowerBound]
            guard before.isEmpty || before.hasSuffix(" ") else {
                return nil
            }
            let rest = line[range.upperBound...]
            let end = rest.range(of: "  ")?.lowerBound ?? rest.endIndex
            return String(rest[..<end])
        }
    }

    /// The values printed after `expression →` that are integers.
    func integers(of expression: String) -> [Int] {
        values(of: expression).compactMap { Int($0) }
    }

    /// The values printed after `expression →` that are `(x, y, z)` tuples.
    func triples(of expression: String) -> [[Int]] {
        values(of: expression).compactMap { value -> [Int]? in
            guard value.hasPrefix("("), value.hasSuffix(")") else {
                return nil
            }
            let numbers = value.dropFirst().dropLast().split(separator: ", ").compactMap { Int($0) }
            return numbers.count == 3 ? numbers : nil
        }
    }

    /// The integer that follows `name ` inside the `GC.stats[generation]` summary.
    func statistic(_ name: String, generation: Int) -> Int? {
        guard let summary = values(of: "GC.stats[\(generation)]").last else {
            return nil
        }
        for field in summary.split(separator: ", ") {
            let parts = field.split(separator: " ")
            if parts.count >= 2, parts[0] == name {
                return Int(parts[1])
            }
        }
        return nil
    }
}
