/// Renders results as an aligned text table (terminal) or a Markdown table (BENCHMARKS.md).
struct ReportTable {
    let results: [WorkloadResult]

    private var rows: [[String]] {
        results.map { result in
            [
                result.name,
                Self.time(result.reclaimSeconds),
                result.plainSeconds.map(Self.time) ?? "–",
                result.ratioToPlain.map { String(format2: $0) + "×" } ?? "–",
                result.pythonSeconds.map(Self.time) ?? "–",
                result.speedupOverPython.map { String(format2: $0) + "×" } ?? "–",
                result.target.isEmpty ? "" : "\(result.target): \(result.targetMet == true ? "met" : "NOT met")",
            ]
        }
    }

    private static let header = [
        "workload", "Reclaim", "plain Swift", "Reclaim/plain", "CPython", "CPython/Reclaim", "target",
    ]

    func text() -> String {
        let all = [Self.header] + rows
        let widths = (0..<Self.header.count).map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    func markdown() -> String {
        var lines = ["| " + Self.header.joined(separator: " | ") + " |"]
        lines.append("|" + String(repeating: "---|", count: Self.header.count))
        lines += rows.map { "| " + $0.joined(separator: " | ") + " |" }
        return lines.joined(separator: "\n")
    }

    static func time(_ seconds: Double) -> String {
        switch seconds {
        case ..<1e-3: String(format2: seconds * 1e6) + " µs"
        case ..<1: String(format2: seconds * 1e3) + " ms"
        default: String(format2: seconds) + " s"
        }
    }
}

extension String {
    /// Two significant decimals without Foundation's locale-dependent formatting.
    init(format2 value: Double) {
        let scaled = (value * 100).rounded()
        let whole = Int(scaled) / 100
        let fraction = abs(Int(scaled) % 100)
        self = "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
