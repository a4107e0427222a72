import Analysis

/// A plain-text summary of a report for a person at a terminal: one row per call. The totals are
/// the run's summary line, which `callqa score` prints after it (the table ended with totals of
/// its own, and `--summary` printed them twice, the audio as `262.0 s` and then `262 s`).
public enum SummaryText {
    /// - Parameter listingErrors: Whether to end with one `error:` line per failed call. A run
    ///   has printed each already as it failed (`callqa score --summary` printed every failed
    ///   file twice), so it leaves them out; its table still marks the call `ERROR` with the code.
    public static func render(_ report: Report, listingErrors: Bool = true) -> String {
        let header = ["call", "status", "length", "agent talk", "cust. talk", "silence", "overlap", "interr.", "score"]
        var rows: [[String]] = []
        let legs = report.calls.map { $0.source.components(separatedBy: CallReport.legSeparator) }
        let folder = commonFolder(legs.flatMap { $0 })
        for (call, legs) in zip(report.calls, legs) {
            // Below the folder all calls share: `d1/001.wav` and `d2/001.wav` were both `001.wav`;
            // each leg of a two-leg call so (its customer leg was named from the root).
            let name = TerminalText.escapingControls(legs.map { String($0.dropFirst(folder.count)) }.joined(separator: CallReport.legSeparator))
            guard call.status == .ok, let audio = call.audio else {
                rows.append([name, "ERROR", "", "", "", "", "", "", call.error?.code ?? ""])
                continue
            }
            let talk = { (role: ChannelRole) -> String in
                call.channels.first { $0.role == role }.map { seconds($0.talkSeconds) } ?? "n/a"
            }
            let agent = call.channels.contains { $0.role == .mixed } ? "mixed \(talk(.mixed))" : talk(.agent)
            let verdict: String
            if let score = call.scoreText(places: 0) {
                verdict = "\(score) \(call.passed == true ? "pass" : "FAIL")"
            } else {
                verdict = "n/a"
            }
            rows.append([
                name, "ok", seconds(audio.durationSeconds), agent, talk(.customer),
                call.conversation.map { seconds($0.silenceSeconds) } ?? "n/a",
                call.conversation?.overlapSeconds.map(seconds) ?? "n/a",
                call.conversation?.interruptions.map { String($0.count) } ?? "n/a",
                verdict,
            ])
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == 0 ? cell.padding(to: widths[i]) : cell.leftPadding(to: widths[i])
            }.joined(separator: "  ")
        }
        var out = [line(header)]
        out += rows.map(line)
        for call in report.calls where listingErrors && call.status == .error {
            out.append("error: " + TerminalText.escapingControls(call.error?.message ?? call.source))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The longest folder (ending in `/`) that every path starts with; "" when none.
    static func commonFolder(_ paths: [String]) -> String {
        guard var prefix = paths.first.map({ Substring($0) }) else { return "" }
        for path in paths.dropFirst() {
            while !path.hasPrefix(prefix) { prefix = prefix.dropLast() }
        }
        guard let slash = prefix.lastIndex(of: "/") else { return "" }
        return String(prefix[...slash])
    }

    private static func seconds(_ value: Double) -> String { DurationText.format(value) }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    fileprivate func leftPadding(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
