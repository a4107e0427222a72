/// What the analysis found on one channel.
public struct ChannelAnalysis: Sendable {
    /// Talk segments, in seconds, sorted and disjoint.
    public var speech: [TimeSpan]
    /// Loudness, peak and level measurements of the whole channel.
    public var loudness: LoudnessMeasurement
    /// Levels that depend on the talk segments.
    public var speechLevels: SpeechLevels
}

/// Runs the whole per-channel analysis (framing, FFT features, speech activity, loudness) on a
/// stream of samples. Streaming: feed blocks of any size, then call `finish`.
public final class ChannelAnalyzer {
    private let frames: FrameAnalyzer
    private var detector: SpeechActivityDetector
    private var meter: LoudnessMeter

    /// Creates an analyzer for one channel sampled at `sampleRate` Hz.
    public init(sampleRate: Double, configuration: AnalysisConfiguration = AnalysisConfiguration()) {
        frames = FrameAnalyzer(sampleRate: sampleRate, configuration: configuration.frame)
        detector = SpeechActivityDetector(
            hopSeconds: frames.hopSeconds,
            firstCenterSeconds: frames.centerSeconds(ofFrame: 0),
            configuration: configuration.activity)
        meter = LoudnessMeter(sampleRate: sampleRate, mode: configuration.loudnessMode)
    }

    /// Analyses the next block of samples (full scale ±1.0).
    public func process(_ samples: UnsafeBufferPointer<Float>) {
        meter.process(samples)
        frames.process(samples) { features in
            detector.push(features)
        }
    }

    /// Ends the stream of a channel `durationSeconds` long and returns the results.
    public func finish(durationSeconds: Double) -> ChannelAnalysis {
        let speech = detector.finish(durationSeconds: durationSeconds)
        return ChannelAnalysis(
            speech: speech,
            loudness: meter.finish(),
            speechLevels: meter.speechLevels(speech: speech))
    }
}
