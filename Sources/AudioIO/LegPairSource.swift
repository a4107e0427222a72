/// A two-leg call (one mono file per party) served as one two-channel stream: channel 0 is the
/// agent leg, channel 1 the customer leg; the shorter leg is padded with silence.
public final class LegPairSource: AudioSource {
    public let info: AudioFormatInfo
    private let legs: [SoundFile]
    private var finished = [false, false]
    private var decoded: [Int64] = [0, 0]
    private var legBlock = AudioBlock(channelCount: 1, capacity: 0)
    /// See `warnings`, in seconds.
    public static let lengthToleranceSeconds = 1.0

    /// Opens both legs.
    ///
    /// - Throws: `AudioError` naming the leg file when it cannot be read, is not mono, or its
    ///   sample rate differs from the other leg's.
    public init(agentPath: String, customerPath: String) throws(AudioError) {
        let agent = try SoundFile(path: agentPath)
        let customer = try SoundFile(path: customerPath)
        for leg in [agent, customer] where leg.info.channelCount != 1 {
            throw .unsupportedLayout(path: leg.path, reason: "a leg file must be mono; it has \(leg.info.channelCount) channels")
        }
        guard agent.info.sampleRate == customer.info.sampleRate else {
            // Named: the leg to convert (the one at the lower rate: converting it up loses
            // nothing) and the command that does it; the message named the customer leg and
            // the rates alone (a wideband agent leg beside a G.711 customer leg is common).
            let (lower, lowerRole, higher, higherRole) = agent.info.sampleRate < customer.info.sampleRate
                ? (agent, "agent", customer, "customer") : (customer, "customer", agent, "agent")
            throw .unsupportedLayout(
                path: lower.path,
                reason: "the \(lowerRole) leg is \(lower.info.sampleRate) Hz but the \(higherRole) leg (\(higher.path)) is "
                    + "\(higher.info.sampleRate) Hz; a call's two legs must be at one sample rate: convert the \(lowerRole) leg to "
                    + "\(higher.info.sampleRate) Hz first (for example: ffmpeg -i in.wav -ar \(higher.info.sampleRate) out.wav) "
                    + "and name that file in the manifest")
        }
        legs = [agent, customer]
        // Legs of different formats are both named, agent first, as the call's `source` names
        // its files (the agent leg's alone said a µ-law customer leg was 16-bit PCM).
        func both(_ a: String, _ b: String) -> String { a == b ? a : "\(a) + \(b)" }
        info = AudioFormatInfo(
            container: both(agent.info.container, customer.info.container),
            encoding: both(agent.info.encoding, customer.info.encoding), sampleRate: agent.info.sampleRate,
            channelCount: 2, frameCount: max(agent.info.frameCount, customer.info.frameCount),
            lengthKnown: agent.info.lengthKnown && customer.info.lengthKnown)
    }

    /// The agent leg's format, then the customer leg's: each channel's clipping is counted against
    /// its own leg's loudest sample (a clipped µ-law customer leg beside a PCM agent leg was
    /// measured against 16-bit full scale, which µ-law never reaches, and read as never clipped).
    public var channelFormats: [AudioFormatInfo] { legs.map(\.info) }

    /// The agent leg's path, then the customer leg's.
    public var channelPaths: [String]? { legs.map(\.path) }

    /// Once the call is read: a leg cut short (see `SoundFile.warnings`), and legs whose lengths
    /// differ by more than `lengthToleranceSeconds` (the shorter is padded with silence at its
    /// end, which is right only when both legs started together). Lengths are those decoded: a
    /// leg cut short was padded silently, and the length of an Ogg leg whose end is missing read
    /// 576460752303423.5 s.
    public var warnings: [String] {
        func format(_ value: Double) -> String { "\((value * 10).rounded() / 10) s" }
        var warnings: [String] = []
        for (index, leg) in legs.enumerated() {
            warnings += leg.warnings.map { "the \(index == 0 ? "agent" : "customer") leg (\(leg.path)): \($0)" }
        }
        let seconds = decoded.map { Double($0) / Double(info.sampleRate) }
        if abs(seconds[0] - seconds[1]) > Self.lengthToleranceSeconds {
            warnings.append("the agent leg lasts \(format(seconds[0])) and the customer leg \(format(seconds[1])): "
                + "the shorter one was padded with silence at its end; if the legs did not start together, "
                + "turns, overlaps and interruptions between the parties are misplaced")
        }
        return warnings
    }

    public func read(into block: inout AudioBlock, maximumFrames: Int) throws(AudioError) -> Int {
        var counts = [0, 0]
        var samples: [[Float]] = [[], []]
        for index in 0..<2 where !finished[index] {
            counts[index] = try legs[index].read(into: &legBlock, maximumFrames: maximumFrames)
            decoded[index] += Int64(counts[index])
            if counts[index] == 0 { finished[index] = true }
            samples[index] = legBlock.channels[0]
        }
        let count = max(counts[0], counts[1])
        guard count > 0 else { return 0 }
        for index in 0..<2 where samples[index].count < count {
            samples[index] += [Float](repeating: 0, count: count - samples[index].count)
        }
        block = AudioBlock(channels: samples)
        return count
    }
}
