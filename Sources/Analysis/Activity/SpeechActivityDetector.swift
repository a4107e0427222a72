/// Decides, frame by frame, whether one channel carries speech, and turns the decisions into
/// talk segments. Streaming: memory grows with the number of speech bursts, not with length.
///
/// A frame is speech when its speech-band level is at least `marginDB` above the adaptive noise
/// floor and above `absoluteFloorDBFS`, and it is not tonal. Runs of speech frames are then
/// cleaned: bursts shorter than `minimumBurstSeconds` dropped, pauses shorter than
/// `mergeGapSeconds` bridged, segments shorter than `minimumSpeechSeconds` dropped, and each
/// segment padded by `onsetPadSeconds` before and `hangoverSeconds` after.
public struct SpeechActivityDetector: Sendable {
    /// The detector's parameters.
    public let configuration: SpeechActivityConfiguration
    private let hopSeconds: Double
    private let firstCenterSeconds: Double
    private var noise: NoiseFloorTracker
    private var runs: [TimeSpan] = []
    private var runStartFrame: Int?
    private var lastFrame = -1

    /// - Parameters:
    ///   - hopSeconds: Time between frames, in seconds.
    ///   - firstCenterSeconds: Centre of frame 0, in seconds.
    public init(hopSeconds: Double, firstCenterSeconds: Double, configuration: SpeechActivityConfiguration) {
        self.configuration = configuration
        self.hopSeconds = hopSeconds
        self.firstCenterSeconds = firstCenterSeconds
        noise = NoiseFloorTracker(windowFrames: Int(configuration.noiseWindowSeconds / hopSeconds))
    }

    /// Classifies one frame (frames must arrive in order) and records the decision.
    @discardableResult
    public mutating func push(_ features: FrameFeatures) -> Bool {
        let isSpeech = classify(features)
        record(frame: features.index, isSpeech: isSpeech)
        return isSpeech
    }

    /// Whether the frame, on its own, looks like speech of this channel: louder than the noise
    /// floor by the margin and not tonal. Updates the noise floor; frames must arrive in order.
    public mutating func classify(_ features: FrameFeatures) -> Bool {
        let floor = noise.push(features.speechBandDBFS)
        let threshold = max(floor + configuration.marginDB, configuration.absoluteFloorDBFS)
        return features.speechBandDBFS > threshold && features.peakiness < configuration.tonePeakinessLimit
    }

    /// Records the final decision for frame `index` (after any cross-channel check).
    public mutating func record(frame index: Int, isSpeech: Bool) {
        lastFrame = index
        if isSpeech {
            if runStartFrame == nil { runStartFrame = index }
        } else if let start = runStartFrame {
            closeRun(start: start, endFrame: index)
        }
    }

    /// Ends the stream and returns the talk segments, clipped to `[0, durationSeconds]`.
    public mutating func finish(durationSeconds: Double) -> [TimeSpan] {
        if let start = runStartFrame { closeRun(start: start, endFrame: lastFrame + 1) }
        return Self.clean(runs, configuration: configuration, durationSeconds: durationSeconds)
    }

    private mutating func closeRun(start: Int, endFrame: Int) {
        let startSeconds = firstCenterSeconds + (Double(start) - 0.5) * hopSeconds
        let endSeconds = firstCenterSeconds + (Double(endFrame) - 0.5) * hopSeconds
        runs.append(TimeSpan(max(0, startSeconds), endSeconds))
        runStartFrame = nil
    }

    /// Turns raw runs of speech frames into talk segments (see the type's documentation).
    public static func clean(
        _ runs: [TimeSpan], configuration: SpeechActivityConfiguration, durationSeconds: Double
    ) -> [TimeSpan] {
        var merged: [TimeSpan] = []
        for run in runs where run.durationSeconds >= configuration.minimumBurstSeconds {
            if let last = merged.last, run.startSeconds - last.endSeconds < configuration.mergeGapSeconds {
                merged[merged.count - 1].endSeconds = run.endSeconds
            } else {
                merged.append(run)
            }
        }
        var result: [TimeSpan] = []
        for segment in merged where segment.durationSeconds >= configuration.minimumSpeechSeconds {
            let padded = TimeSpan(
                max(0, segment.startSeconds - configuration.onsetPadSeconds),
                min(durationSeconds, segment.endSeconds + configuration.hangoverSeconds))
            if let last = result.last, padded.startSeconds <= last.endSeconds {
                result[result.count - 1].endSeconds = max(last.endSeconds, padded.endSeconds)
            } else if padded.durationSeconds > 0 {
                result.append(padded)
            }
        }
        return result
    }
}
