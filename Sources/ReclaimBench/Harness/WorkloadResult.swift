/// The measured times of one workload in the three implementations. Its JSON has every key,
/// `null` for a variant or ratio that was not measured.
struct WorkloadResult: Encodable {
    let name: String
    let summary: String
    let plainVariant: String
    let reclaimSeconds: Double
    let plainSeconds: Double?
    let pythonSeconds: Double?
    let detail: [String: Double]
    let target: String
    /// Whether the target is met; `nil` when the workload has no target of its own.
    let targetMet: Bool?

    /// CPython time divided by Reclaim time: how many times faster Reclaim is.
    var speedupOverPython: Double? { pythonSeconds.map { $0 / reclaimSeconds } }
    /// Reclaim time divided by plain Swift time: 1.0 means as fast as hand-written Swift.
    var ratioToPlain: Double? { plainSeconds.map { reclaimSeconds / $0 } }

    init(workload: Workload, reclaim: Workload.Measurement, plain: Duration?, python: Workload.Measurement?) {
        name = workload.name
        summary = workload.summary
        plainVariant = workload.plainVariant
        let reclaimSeconds = reclaim.time.seconds
        let plainSeconds = plain?.seconds
        let pythonSeconds = python?.time.seconds
        self.reclaimSeconds = reclaimSeconds
        self.plainSeconds = plainSeconds
        self.pythonSeconds = pythonSeconds
        var detail = reclaim.detail
        for name in workload.pythonDetail {
            detail["python \(name)"] = python?.detail[name]
        }
        self.detail = detail
        switch workload.target {
        case .fasterThanPython(let factor):
            target = "≥ \(factor.formatted1)× faster than CPython"
            targetMet = pythonSeconds.map { $0 / reclaimSeconds >= factor }
        case .withinPlain(let factor):
            target = factor == 1 ? "no slower than plain Swift" : "within \(factor.formatted1)× of plain Swift"
            targetMet = plainSeconds.map { reclaimSeconds / $0 <= factor }
        case .none:
            target = ""
            targetMet = nil
        }
    }

    private enum CodingKeys: String, CodingKey {
        case name, summary, plainVariant, reclaimSeconds, plainSeconds, pythonSeconds, detail, target, targetMet
        case speedupOverPython, ratioToPlain
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(summary, forKey: .summary)
        try container.encode(plainVariant, forKey: .plainVariant)
        try container.encode(reclaimSeconds, forKey: .reclaimSeconds)
        try container.encode(plainSeconds, forKey: .plainSeconds)
        try container.encode(pythonSeconds, forKey: .pythonSeconds)
        try container.encode(detail, forKey: .detail)
        try container.encode(target, forKey: .target)
        try container.encode(targetMet, forKey: .targetMet)
        try container.encode(speedupOverPython, forKey: .speedupOverPython)
        try container.encode(ratioToPlain, forKey: .ratioToPlain)
    }
}

extension Double {
    var formatted1: String {
        let tenths = (self * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }
}
