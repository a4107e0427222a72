/// Prints a checklist in plain language, with the score arithmetic, for `callqa checklist explain`.
public enum ChecklistExplainer {
    public static func explain(_ checklist: Checklist) -> String {
        var lines: [String] = []
        lines.append("\(checklist.name) (id \(checklist.id), version \(checklist.version))")
        if !checklist.description.isEmpty { lines.append(checklist.description) }
        lines.append("Content hash (SHA-256): \(checklist.contentHash)")
        var scope: [String] = checklist.appliesTo.fields.sorted { $0.key < $1.key }.map { "\($0.key) is \($0.value.joined(separator: " or "))" }
        if let minimum = checklist.appliesTo.minimumDurationSeconds { scope.append("the call lasts at least \(MetricUnit.seconds.format(minimum))") }
        if let maximum = checklist.appliesTo.maximumDurationSeconds { scope.append("the call lasts at most \(MetricUnit.seconds.format(maximum))") }
        lines.append(scope.isEmpty ? "Applies to every call." : "Applies to calls where " + scope.joined(separator: ", and ") + " (calls without a field are not excluded by it).")
        let p = checklist.parameters
        lines.append("Dead air is silence of at least \(MetricUnit.seconds.format(p.deadAirMinimumSeconds)); an interruption needs \(MetricUnit.seconds.format(p.interruptionMinimumOverlapSeconds)) of overlap; utterances under \(MetricUnit.seconds.format(p.backchannelMaximumSeconds)) inside the other's speech are backchannels.")
        lines.append("")
        let total = checklist.items.reduce(0) { $0 + $1.weight }
        var section = ""
        for item in checklist.items {
            if item.section != section {
                section = item.section
                lines.append(checklist.sectionNames[section].map { "[\($0)] (section \(section))" } ?? "[\(section)]")
            }
            // An item that counts never reads "0 %" (weight 1 beside 1000000 is 0.0001 %), nor
            // the other "100 %".
            let share = 100 * item.weight / total
            let shareText = share > 0 && share < 0.005 ? "under 0.01" : share < 100 && share >= 99.995 ? "over 99.99" : MetricUnit.trim(share)
            var line = "- \(item.id) (weight \(MetricUnit.trim(item.weight)), \(shareText) % of the score"
            if item.critical {
                line += item.bands.isEmpty ? ", CRITICAL: failing it fails the call)" : ", CRITICAL: no credit on it fails the call)"
            } else {
                line += ")"
            }
            lines.append(line)
            if !item.description.isEmpty { lines.append("    \(item.description)") }
            lines.append("    full credit when \(item.metric) \(item.pass.describe(item.unit))")
            if let warn = item.warn { lines.append("    warning when it passes but not \(warn.describe(item.unit))") }
            for band in item.bands {
                lines.append("    otherwise \(MetricUnit.trim(band.credit * 100)) % credit when \(band.condition.describe(item.unit))"
                    + (item.critical ? " (a partial pass: the call does not fail on it)" : ""))
            }
            lines.append("    otherwise no credit\(item.critical ? " (the call fails)" : ""); when the metric does not apply: \(item.whenNotApplicable == .exclude ? "left out of the score" : "counted as \(item.whenNotApplicable.rawValue)")")
        }
        lines.append("")
        lines.append("Score = 100 x sum(weight x credit) / sum(weight of the items that apply). The call passes with a score of at least \(MetricUnit.trim(checklist.passMark)) and no critical item without credit.")
        if let warning = checklist.silentCallWarning { lines.append("Warning: " + warning + ".") }
        return lines.joined(separator: "\n") + "\n"
    }
}
