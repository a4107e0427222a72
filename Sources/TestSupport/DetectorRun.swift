import Analysis

extension SpeechActivityDetector {
    /// Classifies `frames` (in order, from index 0) as the analyzer does, each frame observed
    /// `lookAheadFrames` before it is classified and recorded with its `voicing` (1 unless given),
    /// and finishes the channel at `durationSeconds`.
    public mutating func run(
        _ frames: [FrameFeatures], durationSeconds: Double, voicing: (FrameFeatures) -> Float = { _ in 1 }
    ) -> ChannelActivity {
        var observed = 0
        for features in frames {
            while observed < frames.count, observed <= features.index + lookAheadFrames {
                observe(frames[observed])
                observed += 1
            }
            record(features, as: classify(features), voicing: voicing(features))
        }
        return finish(durationSeconds: durationSeconds)
    }
}
