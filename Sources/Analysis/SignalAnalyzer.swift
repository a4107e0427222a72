/// What the analysis found on one channel.
public struct ChannelAnalysis: Sendable {
    /// Talk segments, in seconds, sorted and disjoint.
    public var speech: [TimeSpan]
    /// Spans of tones or music (hold music, ring-back, DTMF), in seconds.
    public var hold: [TimeSpan]
    /// Loudness, peak and level measurements of the whole channel.
    public var loudness: LoudnessMeasurement
    /// Levels that depend on the talk segments.
    public var speechLevels: SpeechLevels
    /// Frames that looked like speech on their own but were the other party's leaked voice.
    public var leakedFrames: Int
    /// Frames kept as this channel's own speech.
    public var speechFrames: Int
    /// Dropouts filled before framing that were lost packets written as digital silence
    /// (`DropoutConcealer.lostPackets`), and their length in seconds; 0 when concealment is off.
    public var dropouts: Int = 0
    public var dropoutSeconds: Double = 0

    /// Share (0-1) of this channel's speech-like frames that were the other party's leaked
    /// voice; 0 when there were none.
    public var leakShare: Double {
        leakedFrames + speechFrames > 0 ? Double(leakedFrames) / Double(leakedFrames + speechFrames) : 0
    }
}

/// Runs the whole signal analysis of a call's channels (framing, FFT features, speech activity,
/// leak rejection between two channels, loudness) on a stream of blocks. Streaming: feed blocks
/// of any size, then call `finish`; memory does not grow with call length.
public final class SignalAnalyzer {
    private final class Channel {
        let analyzer: FrameAnalyzer
        /// Fills lost packets before framing (the loudness meter takes the samples as decoded);
        /// nil when `FrameConfiguration.concealsDropouts` is off.
        var concealer: DropoutConcealer?
        var detector: SpeechActivityDetector
        var meter: LoudnessMeter
        /// Frames analysed but not yet classified: `queue[head...]` (the decided ones before
        /// `head` are dropped in bulk, not shifted out block by block), and how many of them the
        /// detector has observed.
        private var queue: [FrameFeatures] = []
        private var head = 0
        var observed = 0

        /// Frames the next samples (through the concealer when there is one); nil: the end.
        func frame(_ samples: UnsafeBufferPointer<Float>?) {
            guard var concealer = concealer.take() else {
                if let samples { analyzer.process(samples) { append($0) } }
                return
            }
            let take = { (settled: UnsafeBufferPointer<Float>) in self.analyzer.process(settled) { self.append($0) } }
            if let samples { concealer.process(samples, emit: take) } else { concealer.finish(emit: take) }
            self.concealer = concealer
        }

        var pendingCount: Int { queue.count - head }
        func pending(_ i: Int) -> FrameFeatures { queue[head + i] }
        func append(_ frame: FrameFeatures) { queue.append(frame) }

        /// Forgets the first `count` pending frames; the array is compacted once the forgotten
        /// ones are at least half of it, not on every block (it holds the look-ahead, about 10 s
        /// of frames: shifting it per block moved some 100 kB per channel each time).
        func dropPending(_ count: Int) {
            head += count
            observed -= count
            if head * 2 >= queue.count {
                queue.removeFirst(head)
                head = 0
            }
        }
        var leakedFrames = 0
        var speechFrames = 0

        /// The last frame of this channel's own speech (`record` saw it kept).
        var lastOwnSpeechFrame = Int.min / 2

        /// Records `frame`'s class, `kept` unless it is the other party's leaked voice, while the
        /// other party is `otherTalking`: it spoke within the pause a talk segment bridges
        /// (`mergeGapSeconds`), so that its voice may leak into this channel under the gate.
        func record(_ frame: FrameFeatures, _ verdict: FrameClass, kept: Bool, otherTalking: Bool = false) {
            if verdict == .speech {
                if kept { speechFrames += 1 } else { leakedFrames += 1 }
            }
            // A leaked vowel of the other party is often tonal: it is no tone of this channel.
            let final = (verdict == .speech || verdict == .tone) && !kept ? FrameClass.quiet : verdict
            let voicing = detector.wantsVoicing(final) ? analyzer.voicing(ofFrame: frame.index) : 1
            while detector.nextLikelihoodFrame <= min(frame.index + 2, analyzer.lastFrameIndex) {
                detector.addLikelihood(analyzer.speechLikelihood(ofFrame: detector.nextLikelihoodFrame))
            }
            detector.record(frame, as: final, voicing: voicing, leaked: final != verdict, otherTalking: otherTalking)
            if detector.learnsNoise { analyzer.learnNoise(fromFrame: frame.index) }
        }

        /// Lets the detector observe the pending frames up to index `last` (its look-ahead).
        func observe(through last: Int) {
            while observed <= last && observed < pendingCount {
                detector.observe(pending(observed))
                observed += 1
            }
        }

        init(sampleRate: Double, configuration: AnalysisConfiguration) {
            analyzer = FrameAnalyzer(sampleRate: sampleRate, configuration: configuration.frame)
            concealer = configuration.frame.concealsDropouts ? DropoutConcealer(sampleRate: sampleRate) : nil
            detector = SpeechActivityDetector(
                hopSeconds: analyzer.hopSeconds,
                firstCenterSeconds: analyzer.centerSeconds(ofFrame: 0),
                configuration: configuration.activity, widebandLevel: analyzer.hasWidebandLevel,
                transformCoded: configuration.transformCoded)
            meter = LoudnessMeter(sampleRate: sampleRate, mode: configuration.loudnessMode, loudestSample: configuration.loudestSample)
        }
    }

    private let channels: [Channel]
    private var crosstalk: CrosstalkDetector?
    /// Learns the echo paths from the frames observed ahead of the decisions (first guesses of
    /// their classes) over the first `CrosstalkConfiguration.echoScoutSeconds` of the call, for
    /// `crosstalk` to take before it judges the frames an echo first leaks into; nil once done.
    private var scout: CrosstalkDetector?
    /// Pending frames (from the first) the scout has taken.
    private var scoutFed = 0
    private var scoutFrames = 0
    private var similarity = ChannelSimilarity()
    /// A party whose last speech frame is at most this many frames back is still talking (for
    /// `Channel.record`): the pause a talk segment bridges (`mergeGapSeconds`).
    private let talkingGapFrames: Int

    /// Whether the two channels carry the same audio (a mono recording stored as stereo), from
    /// the frames analysed so far; false for one channel.
    public var channelsCarrySameAudio: Bool { channels.count == 2 && similarity.sameAudio }
    /// When each channel carries both parties, its own one only a few dB louder: how many
    /// (`ChannelSimilarity.mutualBleedDB`).
    public var channelsBleedIntoEachOtherDB: Float? { channels.count == 2 ? similarity.mutualBleedDB : nil }

    /// Creates an analyzer for `channelCount` channels (1 or 2) sampled at `sampleRate` Hz.
    public convenience init(channelCount: Int, sampleRate: Double, configuration: AnalysisConfiguration = AnalysisConfiguration()) {
        self.init(sampleRate: sampleRate, channelConfigurations: Array(repeating: configuration, count: channelCount))
    }

    /// Creates an analyzer for one channel per configuration (1 or 2), sampled at `sampleRate`
    /// Hz: channels decoded from different encodings (a two-leg call's legs) each with their own
    /// `transformCoded` and `loudestSample`. Leak rejection between the channels takes the first
    /// configuration's `crosstalk`.
    public init(sampleRate: Double, channelConfigurations: [AnalysisConfiguration]) {
        channels = channelConfigurations.map { Channel(sampleRate: sampleRate, configuration: $0) }
        talkingGapFrames = channels.first.map {
            Int(($0.detector.configuration.mergeGapSeconds / $0.analyzer.hopSeconds).rounded())
        } ?? 0
        let channelCount = channelConfigurations.count
        if channelCount == 2, let first = channels.first, let configuration = channelConfigurations.first {
            let hopSeconds = first.analyzer.hopSeconds
            crosstalk = CrosstalkDetector(hopSeconds: hopSeconds, configuration: configuration.crosstalk)
            scoutFrames = Int((configuration.crosstalk.echoScoutSeconds / hopSeconds).rounded())
            if scoutFrames > 0 {
                scout = CrosstalkDetector(
                    hopSeconds: hopSeconds, configuration: configuration.crosstalk, learnsOnlyFromMeasuredTracking: true)
            }
        }
    }

    /// Analyses the next block: one buffer per channel, all of the same length (full scale ±1).
    public func process(_ block: [UnsafeBufferPointer<Float>]) {
        precondition(block.count == channels.count, "block has \(block.count) channels, expected \(channels.count)")
        if channels.count == 2 {
            LoudnessMeter.process(&channels[0].meter, &channels[1].meter, block[0], block[1])
        } else {
            for (channel, samples) in zip(channels, block) { channel.meter.process(samples) }
        }
        for (channel, samples) in zip(channels, block) { channel.frame(samples) }
        decidePendingFrames(final: false)
    }

    /// Convenience for one channel.
    public func process(_ samples: UnsafeBufferPointer<Float>) {
        process([samples])
    }

    /// Classifies the frames whose noise-floor look-ahead has arrived (all of them when `final`).
    /// Each frame is classified once the detector has observed exactly the frames of its
    /// look-ahead (fewer at the end), whatever the block sizes.
    private func decidePendingFrames(final: Bool) {
        let lookAhead = channels.map(\.detector.lookAheadFrames).max() ?? 0
        let available = channels.map(\.pendingCount).min() ?? 0
        let ready = final ? available : available - lookAhead
        guard ready > 0 else { return }
        if channels.count == 2, var crosstalk {
            let a = channels[0], b = channels[1]
            for i in 0..<ready {
                a.observe(through: i + lookAhead)
                b.observe(through: i + lookAhead)
                if scout != nil { scoutAhead(a, b, before: &crosstalk) }
                let fa = a.pending(i), fb = b.pending(i)
                let classes = (a.detector.classify(fa), b.detector.classify(fb))
                similarity.add(
                    levelsDBFS: (fa.speechBandDBFS, fb.speechBandDBFS),
                    speechLike: classes.0 == .speech || classes.0 == .tone || classes.1 == .speech || classes.1 == .tone)
                let kept = crosstalk.filter((fa, fb), classes: classes)
                // On a channel the other party's echo reaches, a dropout (lost packets written as
                // zeros) inside the echo is a click that matches no source: no talk. (Elsewhere
                // the same steps are a talk spurt's edges where a line sends nothing between
                // them, and the word's.)
                let keptA = kept.0 && !(fa.holdsDropout && crosstalk.hasLearntEcho(0))
                let keptB = kept.1 && !(fb.holdsDropout && crosstalk.hasLearntEcho(1))
                if keptA && classes.0 == .speech { a.lastOwnSpeechFrame = fa.index }
                if keptB && classes.1 == .speech { b.lastOwnSpeechFrame = fb.index }
                a.record(fa, classes.0, kept: keptA, otherTalking: fa.index - b.lastOwnSpeechFrame <= talkingGapFrames)
                b.record(fb, classes.1, kept: keptB, otherTalking: fb.index - a.lastOwnSpeechFrame <= talkingGapFrames)
            }
            self.crosstalk = crosstalk
        } else {
            for channel in channels {
                for i in 0..<ready {
                    channel.observe(through: i + lookAhead)
                    let frame = channel.pending(i)
                    channel.record(frame, channel.detector.classify(frame), kept: true)
                }
            }
        }
        scoutFed = max(0, scoutFed - ready)
        for channel in channels {
            channel.dropPending(ready)
            channel.analyzer.discardSpectra(before: channel.pendingCount > 0 ? channel.pending(0).index : Int.max)
        }
    }

    /// Feeds the scout the frames both channels' detectors have observed since, and lets
    /// `crosstalk` take what it has learnt. The scout stops once `crosstalk` knows both echo
    /// paths, or past `scoutFrames`.
    private func scoutAhead(_ a: Channel, _ b: Channel, before crosstalk: inout CrosstalkDetector) {
        var lastFrame = -1
        while scoutFed < min(a.observed, b.observed) {
            let fa = a.pending(scoutFed), fb = b.pending(scoutFed)
            _ = scout?.filter((fa, fb), classes: (a.detector.provisionalClass(fa), b.detector.provisionalClass(fb)))
            lastFrame = fa.index
            scoutFed += 1
        }
        guard let scout else { return }
        crosstalk.adoptEcho(from: scout)
        if (crosstalk.hasLearntEcho(0) && crosstalk.hasLearntEcho(1)) || lastFrame >= scoutFrames {
            self.scout = nil
        }
    }

    /// Ends the stream of a call `durationSeconds` long and returns each channel's results.
    public func finish(durationSeconds: Double) -> [ChannelAnalysis] {
        for channel in channels { channel.frame(nil) }
        decidePendingFrames(final: true)
        var activities = channels.map { $0.detector.finish(durationSeconds: durationSeconds) }
        if activities.count == 2 {
            // Sound on one channel while the other party speaks is that party's voice leaking
            // (or a codec's joint-stereo bleed), not hold.
            let minimum = channels[0].detector.configuration.minimumHoldSeconds
            for (own, other) in [(0, 1), (1, 0)] {
                activities[own].hold = SpeechActivityDetector.subtract(activities[other].speech, from: activities[own].hold)
                    .filter { $0.durationSeconds >= minimum }
            }
        }
        return zip(channels, activities).map { channel, activity in
            return ChannelAnalysis(
                speech: activity.speech,
                hold: activity.hold,
                loudness: channel.meter.finish(hold: activity.hold),
                speechLevels: channel.meter.speechLevels(speech: activity.speech, hold: activity.hold),
                leakedFrames: channel.leakedFrames,
                speechFrames: channel.speechFrames,
                dropouts: channel.concealer?.lostPackets ?? 0,
                dropoutSeconds: Double(channel.concealer?.lostPacketSamples ?? 0) / channel.analyzer.sampleRate)
        }
    }
}
