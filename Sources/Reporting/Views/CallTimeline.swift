import Analysis
import Foundation

/// An SVG timeline of one call: a lane per party's speech, overlap, dead air and hold, the
/// interruptions marked on the interrupter's lane, and each party's level per second below.
/// Colours are the Okabe-Ito palette (distinguishable with the common colour-vision
/// deficiencies); every lane is also labelled in text and the customer's level line is dashed,
/// so nothing depends on colour alone. The SVG carries a title and a description for screen
/// readers.
public enum CallTimeline {
    /// Colours per lane (Okabe-Ito).
    public static let agentColour = "#0072B2"
    public static let customerColour = "#E69F00"
    public static let overlapColour = "#CC79A7"
    public static let deadAirColour = "#D55E00"
    public static let holdColour = "#009E73"

    private static let width = 960.0
    private static let labelWidth = 120.0
    private static let laneHeight = 16.0
    private static let laneGap = 6.0
    private static let levelHeight = 70.0
    private static let levelFloorDBFS = -60.0

    /// The timeline of `call`, or `nil` when the call was not analysed.
    public static func svg(for call: CallReport, id: String) -> HTMLNode? {
        guard call.status == .ok, let duration = call.audio?.durationSeconds, duration > 0, let conversation = call.conversation else {
            return nil
        }
        let plotWidth = width - labelWidth - 10
        func x(_ seconds: Double) -> Double { labelWidth + plotWidth * min(max(seconds / duration, 0), 1) }

        var lanes: [(label: String, colour: String, spans: [SpanPair], role: ChannelRole?)] = []
        for channel in call.channels {
            let label = channel.role == .mixed ? "Speech (mixed)" : channel.role == .agent ? "Agent speech" : "Customer speech"
            lanes.append((label, channel.role == .customer ? customerColour : agentColour, channel.speech, channel.role))
        }
        if let overlap = conversation.overlap { lanes.append(("Overlap", overlapColour, overlap, nil)) }
        lanes.append(("Dead air", deadAirColour, conversation.deadAir, nil))
        lanes.append(("Hold", holdColour, conversation.hold, nil))

        var nodes: [HTMLNode] = []
        let titleID = "\(id)-title", descID = "\(id)-desc"
        nodes.append(.el("title", ["id": titleID], .text("Timeline of \(call.source)")))
        nodes.append(.el("desc", ["id": descID], .text(description(call, conversation: conversation))))

        let top = 18.0
        for (index, lane) in lanes.enumerated() {
            let y = top + Double(index) * (laneHeight + laneGap)
            nodes.append(.el("text", ["x": "0", "y": fmt(y + laneHeight - 3), "class": "lane-label"], .text(lane.label)))
            nodes.append(.el("rect", ["x": fmt(labelWidth), "y": fmt(y), "width": fmt(plotWidth), "height": fmt(laneHeight), "class": "lane", "fill-opacity": "0.6"]))
            for span in lane.spans {
                let start = x(span.startSeconds), end = x(span.endSeconds)
                nodes.append(.el("rect", [
                    "x": fmt(start), "y": fmt(y), "width": fmt(max(end - start, 0.8)), "height": fmt(laneHeight),
                    "fill": lane.colour, "class": "span",
                ], .el("title", .text("\(lane.label) \(clock(span.startSeconds))-\(clock(span.endSeconds))"))))
            }
            if let role = lane.role, role != .mixed {
                for interruption in conversation.interruptions ?? [] where interruption.by == role {
                    let cx = x(interruption.atSeconds)
                    let points = "\(fmt(cx - 5)),\(fmt(y - 6)) \(fmt(cx + 5)),\(fmt(y - 6)) \(fmt(cx)),\(fmt(y + 2))"
                    nodes.append(.el("polygon", ["points": points, "class": "interruption"],
                        .el("title", .text("\(role.rawValue) interrupts at \(clock(interruption.atSeconds)) (overlap \(seconds(interruption.overlapSeconds)))"))))
                }
            }
        }

        // Levels per second.
        let levelTop = top + Double(lanes.count) * (laneHeight + laneGap) + 8
        nodes.append(.el("text", ["x": "0", "y": fmt(levelTop + 12), "class": "lane-label"], .text("Level (dBFS)")))
        nodes.append(.el("rect", ["x": fmt(labelWidth), "y": fmt(levelTop), "width": fmt(plotWidth), "height": fmt(levelHeight), "class": "lane"]))
        for level in [-20.0, -40.0] {
            let y = levelTop + levelHeight * (level / levelFloorDBFS)
            nodes.append(.el("line", ["x1": fmt(labelWidth), "x2": fmt(labelWidth + plotWidth), "y1": fmt(y), "y2": fmt(y), "class": "grid"]))
            nodes.append(.el("text", ["x": fmt(labelWidth - 4), "y": fmt(y + 4), "class": "axis", "text-anchor": "end"], .text("\(Int(level))")))
        }
        for channel in call.channels {
            var points: [String] = []
            for (second, value) in channel.loudness.levelPerSecondDBFS.enumerated() {
                let level = max(levelFloorDBFS, min(0, value ?? levelFloorDBFS))
                points.append("\(fmt(x(Double(second) + 0.5))),\(fmt(levelTop + levelHeight * (level / levelFloorDBFS)))")
            }
            guard !points.isEmpty else { continue }
            let colour = channel.role == .customer ? customerColour : agentColour
            nodes.append(.el("polyline", [
                "points": points.joined(separator: " "), "fill": "none", "stroke": colour, "stroke-width": "1.5",
                "stroke-dasharray": channel.role == .customer ? "5 3" : "none", "class": "level",
            ], .el("title", .text("\(channel.role.rawValue) level per second"))))
        }

        // Time axis, drawn under the lanes.
        let axisY = levelTop + levelHeight + 14
        let step = tickStep(duration)
        var tick = 0.0
        var ticks: [HTMLNode] = []
        while tick <= duration + 1e-9 {
            ticks.append(.el("line", ["x1": fmt(x(tick)), "x2": fmt(x(tick)), "y1": fmt(top - 4), "y2": fmt(axisY - 10), "class": "tick"]))
            ticks.append(.el("text", ["x": fmt(x(tick)), "y": fmt(axisY), "class": "axis", "text-anchor": "middle"], .text(clock(tick))))
            tick += step
        }
        nodes.insert(contentsOf: ticks, at: 2)
        let height = axisY + 6
        return .el("svg", [
            "class": "timeline", "id": id, "role": "img", "aria-labelledby": "\(titleID) \(descID)",
            "viewBox": "0 0 \(Int(width)) \(Int(height.rounded(.up)))", "width": "100%", "preserveAspectRatio": "xMinYMin meet",
            "xmlns": "http://www.w3.org/2000/svg",
        ], children: nodes)
    }

    /// The text alternative: the same facts in a sentence.
    public static func description(_ call: CallReport, conversation: ConversationReport) -> String {
        var parts: [String] = []
        for channel in call.channels {
            let who = channel.role == .mixed ? "Both parties (mixed)" : channel.role == .agent ? "Agent" : "Customer"
            parts.append("\(who) speaks \(seconds(channel.talkSeconds)) in \(Plural.count(channel.speech.count, "segment"))")
        }
        if let overlap = conversation.overlapSeconds { parts.append("overlap \(seconds(overlap))") }
        parts.append("\(Plural.count(conversation.deadAir.count, "dead-air event")) (\(seconds(conversation.deadAirSeconds)))")
        parts.append("hold \(seconds(conversation.holdSeconds))")
        if let interruptions = conversation.interruptions {
            let byAgent = interruptions.filter { $0.by == .agent }.count
            parts.append("\(Plural.count(interruptions.count, "interruption")) (\(byAgent) by the agent, \(interruptions.count - byAgent) by the customer)")
        }
        return "Call of \(seconds(call.audio?.durationSeconds ?? 0)): " + parts.joined(separator: "; ") + "."
    }

    private static func seconds(_ value: Double) -> String { DurationText.format(value) }

    /// m:ss (or h:mm:ss).
    public static func clock(_ seconds: Double) -> String {
        // A report edited by hand (or damaged) may hold any number: never trap on it.
        guard seconds.isFinite, abs(seconds) < 1e12 else { return String(format: "%.3g s", seconds) }
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }

    /// Seconds between ticks: at most about 12 ticks whatever the duration (a report edited by
    /// hand to a duration of 1e300 s drew ticks every 2 hours, for ever).
    static func tickStep(_ duration: Double) -> Double {
        for step in [5.0, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600] where duration / step <= 12 { return step }
        return max(7200, (duration / 12 / 3600).rounded(.up) * 3600)
    }

    private static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }
}
