import Analysis
import AudioIO
import Conversation

/// A call's measurements together with what was learnt about its audio on the way.
public struct AnalyzedCall: Sendable {
    /// Format of the recording; `durationSeconds` is the length actually decoded.
    public var audio: AudioFormatInfo
    /// Everything measured.
    public var measurements: CallMeasurements
    /// Conditions worth a person's attention (e.g. a channel with no speech).
    public var warnings: [String]
}

/// Decodes one recording block by block and runs the per-channel analysis and the conversation
/// analysis on it. Memory stays bounded whatever the call length.
public enum CallAnalyzer {
    /// Frames decoded per block.
    static let blockFrames = 8192
    /// Recordings shorter than this (seconds) are an error: nothing can be measured in them.
    public static let minimumSeconds = 0.1

    /// A time limit (seconds) at or above this, or one that is not a number, is no limit
    /// (`--file-timeout inf` or `1e300`: about 32 years, more than a clock deadline can hold).
    public static let unlimitedSeconds = 1e9

    /// Analyses the recording `source` delivers.
    ///
    /// - Parameter timeLimitSeconds: Stop with `AudioError.timedOut` when decoding and analysis
    ///   take longer than this and there is more audio to decode (checked at each block); at or
    ///   above `unlimitedSeconds`, no limit.
    /// - Throws: `AudioError` when decoding fails, the audio holds non-finite samples, is shorter
    ///   than `minimumSeconds`, or the time limit is reached.
    public static func analyze(
        _ source: AudioSource,
        path: String,
        layout: ChannelLayout = .agentLeft,
        metadata: [String: String] = [:],
        configuration: AnalysisConfiguration = AnalysisConfiguration(),
        conversationParameters: ConversationParameters = ConversationParameters(),
        timeLimitSeconds: Double? = nil
    ) throws(AudioError) -> AnalyzedCall {
        let clock = ContinuousClock()
        let deadline = timeLimitSeconds.flatMap { limit in
            limit < unlimitedSeconds ? clock.now.advanced(by: .milliseconds(Int64((limit * 1000).rounded()))) : nil
        }
        var info = source.info
        let sampleRate = Double(info.sampleRate)
        // Each channel is analysed as its own encoding carries it: a two-leg call's legs may differ.
        let formats = source.channelFormats.count == info.channelCount
            ? source.channelFormats : Array(repeating: info, count: info.channelCount)
        let channelConfigurations = formats.map { format in
            var channelConfiguration = configuration
            channelConfiguration.transformCoded = format.isTransformCoded
            channelConfiguration.loudestSample = format.loudestSample
            return channelConfiguration
        }
        let analyzer = SignalAnalyzer(sampleRate: sampleRate, channelConfigurations: channelConfigurations)
        var block = AudioBlock(channelCount: info.channelCount, capacity: blockFrames)
        var framesDecoded: Int64 = 0
        while true {
            let count = try source.read(into: &block, maximumFrames: blockFrames)
            if count == 0 { break }
            if framesDecoded > 0, let deadline, clock.now > deadline {
                throw AudioError.timedOut(path: path, limitSeconds: timeLimitSeconds ?? 0)
            }
            framesDecoded += Int64(count)
            try withBuffers(block.channels) { buffers throws(AudioError) in
                // A two-leg call names the leg that holds them (it named the agent leg's file
                // whichever leg it was, and the operator looked for damage in the wrong file).
                if let damaged = buffers.firstIndex(where: { !allPlausible($0) }) {
                    let paths = source.channelPaths
                    throw AudioError.invalidSamples(path: paths.map { damaged < $0.count ? $0[damaged] : path } ?? path)
                }
                analyzer.process(buffers)
            }
        }
        // A file cut short is scored with the source's warning; one that holds under
        // `minimumSeconds` says how long its header declares it to be.
        var warnings = source.warnings
        let cutShort = info.lengthKnown && info.frameCount > 0 && framesDecoded < info.frameCount - Int64(info.sampleRate) / 10
        let declaredSeconds = Double(info.frameCount) / sampleRate
        info.frameCount = framesDecoded
        info.lengthKnown = true
        let duration = info.durationSeconds
        if duration < minimumSeconds {
            throw AudioError.tooShort(path: path, seconds: duration, declaredSeconds: cutShort ? declaredSeconds : nil)
        }

        var results = analyzer.finish(durationSeconds: duration)
        // The same audio on both channels holds both parties on each: one mixed channel.
        let sameAudio = analyzer.channelsCarrySameAudio
        if sameAudio { results = [results[0]] }
        let roles: [ChannelRole]
        if results.count == 1 {
            roles = [.mixed]
        } else {
            roles = layout.agentChannel == 1 ? [.customer, .agent] : [.agent, .customer]
        }
        var parties: [PartyMeasurements] = []
        for (index, result) in results.enumerated() {
            // P.56 counts any sound over its own threshold as active: a channel where no one
            // speaks (hiss, hum) has no speech level, and no level difference to the other party.
            var loudness = result.loudness
            if result.speech.isEmpty { loudness.activeSpeechLevelDBFS = nil }
            parties.append(PartyMeasurements(
                role: roles[index], channelIndex: index, speech: result.speech, hold: result.hold,
                loudness: loudness, speechLevels: result.speechLevels))
        }
        parties.sort { $0.role.sortOrder < $1.role.sortOrder }
        var speech: [ChannelRole: [TimeSpan]] = [:]
        for party in parties { speech[party.role] = party.speech }
        let facts = ConversationAnalyzer.analyze(
            durationSeconds: duration, speech: speech, hold: parties.flatMap(\.hold),
            parameters: conversationParameters)
        let measurements = CallMeasurements(
            durationSeconds: duration, parties: parties, conversation: facts, metadata: metadata)
        warnings += ChannelHealth.check(
            measurements, leakShares: results.map(\.leakShare), sameAudio: sameAudio,
            mutualBleedDB: analyzer.channelsBleedIntoEachOtherDB,
            dropouts: results.map { (count: $0.dropouts, seconds: $0.dropoutSeconds) })
            .map { $0.message(legPaths: source.channelPaths) }
        return AnalyzedCall(audio: info, measurements: measurements, warnings: warnings)
    }

    /// Calls `body` with a buffer pointer to each channel's samples (1 or 2 channels).
    private static func withBuffers(
        _ channels: [[Float]], _ body: ([UnsafeBufferPointer<Float>]) throws(AudioError) -> Void
    ) throws(AudioError) {
        guard let first = channels.first else { return }
        try first.withUnsafeBufferPointer { a throws(AudioError) in
            if channels.count > 1 {
                try channels[1].withUnsafeBufferPointer { b throws(AudioError) in try body([a, b]) }
            } else {
                try body([a])
            }
        }
    }

    /// The largest sample magnitude callqa measures: 120 dB over full scale. A float file may
    /// hold samples over 1 (a mix that was never limited), but one further out is damaged data
    /// (bytes of another kind read as floats), and its squares would overflow the analysis's
    /// sums into infinite levels that no report can hold.
    static let sampleMagnitudeLimit: Float = 1e6

    /// Whether every sample is a number within `sampleMagnitudeLimit`: `x * s` with
    /// `s = greatestFiniteMagnitude / limit` overflows to infinity just past the limit, and
    /// `* 0` makes that (or a NaN, or an infinity) NaN, a sample within it 0.
    /// Eight lanes at a time (a plain sum is one long chain of additions: 3 % of a 16 kHz call).
    static func allPlausible(_ samples: UnsafeBufferPointer<Float>) -> Bool {
        guard let base = samples.baseAddress else { return true }
        let scale = Float.greatestFiniteMagnitude / sampleMagnitudeLimit
        let raw = UnsafeRawPointer(base)
        var lanes = SIMD8<Float>()
        var i = 0
        while i + 8 <= samples.count {
            lanes += raw.loadUnaligned(fromByteOffset: i * MemoryLayout<Float>.stride, as: SIMD8<Float>.self) * scale * 0
            i += 8
        }
        var sum: Float = 0
        while i < samples.count {
            sum += samples[i] * scale * 0
            i += 1
        }
        return sum == 0 && lanes == SIMD8()
    }
}

extension ChannelRole {
    /// Order of parties in reports: agent, customer, mixed.
    var sortOrder: Int {
        switch self {
        case .agent: 0
        case .customer: 1
        case .mixed: 2
        }
    }
}
