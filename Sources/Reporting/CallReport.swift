/// Whether a call was analysed.
public enum CallStatus: String, Codable, Sendable {
    case ok
    case error
}

/// Why a call could not be analysed.
public struct CallError: Codable, Sendable, Equatable {
    /// Stable identifier (see README, "Error codes"), e.g. `audio.unreadable`.
    public var code: String
    /// A sentence naming the file and the cause.
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// The format of the analysed audio.
public struct AudioReport: Codable, Sendable, Equatable {
    public var container: String
    public var encoding: String
    public var sampleRateHz: Int
    public var channels: Int
    /// Length actually decoded, in seconds.
    public var durationSeconds: Double

    public init(container: String, encoding: String, sampleRateHz: Int, channels: Int, durationSeconds: Double) {
        self.container = container
        self.encoding = encoding
        self.sampleRateHz = sampleRateHz
        self.channels = channels
        self.durationSeconds = Rounding.seconds(durationSeconds)
    }

    enum CodingKeys: String, CodingKey {
        case container, encoding, sampleRateHz = "sample_rate_hz", channels, durationSeconds = "duration_s"
    }
}

/// One call's entry in the report.
public struct CallReport: Codable, Sendable, Equatable {
    /// Path of the recording; for a two-leg call, both legs: `agent.wav + customer.wav`.
    public var source: String

    /// What joins a two-leg call's legs in its `source`.
    public static let legSeparator = " + "
    public var status: CallStatus
    public var error: CallError?
    /// Metadata from the manifest or the file name.
    public var metadata: [String: String]
    public var audio: AudioReport?
    public var channels: [ChannelReport]
    public var conversation: ConversationReport?
    /// Score (0-100) of the first checklist that gave the call a verdict (`CallVerdict`): one
    /// that is `not_applicable` is passed over; `null` when none gave one or the call failed.
    public var score: Double?
    /// Whether the call passed every checklist that gave it a verdict; `null` when none applied, or
    /// when no item of any of them applied.
    public var passed: Bool?
    /// Results per checklist applied.
    public var checklists: [ChecklistResultReport]
    /// Conditions worth a person's attention that did not stop the analysis.
    public var warnings: [String]

    public init(
        source: String, status: CallStatus, error: CallError? = nil, metadata: [String: String] = [:],
        audio: AudioReport? = nil, channels: [ChannelReport] = [], conversation: ConversationReport? = nil,
        checklists: [ChecklistResultReport] = [], warnings: [String] = []
    ) {
        self.source = source
        self.status = status
        self.error = error
        self.metadata = metadata
        self.audio = audio
        self.channels = channels
        self.conversation = conversation
        self.checklists = checklists
        self.warnings = warnings
        let verdict = CallVerdict(checklists)
        score = verdict.score
        passed = verdict.passed
    }

    /// A call that could not be analysed.
    public static func failure(source: String, code: String, message: String, metadata: [String: String] = [:]) -> CallReport {
        CallReport(source: source, status: .error, error: CallError(code: code, message: message), metadata: metadata)
    }

    enum CodingKeys: String, CodingKey {
        case source, status, error, metadata, audio, channels, conversation, score, passed, checklists, warnings
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encode(status, forKey: .status)
        try c.encode(error, forKey: .error)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(audio, forKey: .audio)
        try c.encode(channels, forKey: .channels)
        try c.encode(conversation, forKey: .conversation)
        try c.encode(score, forKey: .score)
        try c.encode(passed, forKey: .passed)
        try c.encode(checklists, forKey: .checklists)
        try c.encode(warnings, forKey: .warnings)
    }
}
