import Reporting

/// What makes two report entries the same call when reports and a state history are combined
/// (`callqa scorecard`, `callqa calibrate`, the HTML pages): the same `source` and the same
/// `call_id` metadata, or neither has a `call_id`. Both are compared byte for byte (never by Swift
/// `String` equality, which holds `café.wav` written NFC and NFD equal). A `source` is the path
/// as the scoring run wrote it, often relative to the folder it ran in, so `001.wav` scored in
/// `/data/d1` and in `/data/d2` have the same source: their `call_id`s tell them apart.
public struct CallIdentity: Hashable, Sendable {
    private let source: [UInt8]
    private let callID: [UInt8]?

    public init(source: String, callID: String?) {
        self.source = Array(source.utf8)
        self.callID = callID.map { Array($0.utf8) }
    }

    public init(_ call: CallReport) {
        self.init(source: call.source, callID: call.metadata["call_id"])
    }

    public init(_ call: WorstCall) {
        self.init(source: call.source, callID: call.callID)
    }
}

/// Calls gathered from several reports and a history, one per `CallIdentity`, in the order each
/// was first met. Entries under different sources with the same `call_id` and the same recording
/// (`sameRecording`: the same file names and the same decoded audio) are one call too: a
/// relative path scored from two folders (`week/call00.wav` and `call00.wav`) was counted twice.
public struct CallCollection: Sendable {
    /// An entry dropped as another entry of the same call, or two entries that share a `call_id`
    /// without being shown to be the same recording (both kept).
    public struct Pair: Sendable, Equatable {
        public var callID: String
        /// The source of the entry met first.
        public var first: String
        /// The source of the entry met later.
        public var later: String
    }

    private var calls: [CallReport] = []
    private var index: [CallIdentity: Int] = [:]
    private var byCallID: [[UInt8]: [Int]] = [:]
    /// Entries dropped because an entry of the same recording under another source was there
    /// (kept from the later report) or came first (kept from a report over the history).
    public private(set) var duplicates: [Pair] = []
    /// Entries kept as separate calls although an earlier one has the same `call_id` under
    /// another source: nothing shows they are the same recording.
    public private(set) var sharedCallIDs: [Pair] = []

    public init() {}

    /// The calls, in the order each identity was first met.
    public var all: [CallReport] { calls }

    /// Adds `call`; an earlier call with the same identity, or with the same `call_id` and the same
    /// recording under another source, is replaced (the last report named wins).
    public mutating func add(_ call: CallReport) {
        let identity = CallIdentity(call)
        if let position = index[identity] {
            calls[position] = call
        } else if let position = sameRecording(as: call) {
            duplicates.append(Pair(callID: call.metadata["call_id"] ?? "", first: calls[position].source, later: call.source))
            calls[position] = call
            index[identity] = position
        } else {
            insert(call, identity)
        }
    }

    /// Adds `call` unless a call with the same identity, or of the same recording, is already
    /// there (a report wins over the history).
    public mutating func addIfNew(_ call: CallReport) {
        let identity = CallIdentity(call)
        guard index[identity] == nil else { return }
        if let position = sameRecording(as: call) {
            duplicates.append(Pair(callID: call.metadata["call_id"] ?? "", first: calls[position].source, later: call.source))
            return
        }
        insert(call, identity)
    }

    private mutating func insert(_ call: CallReport, _ identity: CallIdentity) {
        if let callID = call.metadata["call_id"] {
            let key = Array(callID.utf8)
            if let earlier = byCallID[key]?.first {
                sharedCallIDs.append(Pair(callID: callID, first: calls[earlier].source, later: call.source))
            }
            byCallID[key, default: []].append(calls.count)
        }
        index[identity] = calls.count
        calls.append(call)
    }

    /// The position of an earlier entry with `call`'s `call_id` that is the same recording.
    private func sameRecording(as call: CallReport) -> Int? {
        guard let callID = call.metadata["call_id"] else { return nil }
        return byCallID[Array(callID.utf8)]?.first { Self.sameRecording(calls[$0], call) }
    }

    /// Whether two entries with the same `call_id` are the same recording named by different paths:
    /// both analysed, the same file name (of each leg, for a two-leg call) and the same decoded
    /// audio (container, encoding, sample rate, channels, length to the millisecond). A report
    /// holds no digest of the file, so this is the recording as far as the report can tell;
    /// a call that could not be analysed is never shown to be the same.
    public static func sameRecording(_ a: CallReport, _ b: CallReport) -> Bool {
        guard let callID = a.metadata["call_id"], let other = b.metadata["call_id"], Array(callID.utf8) == Array(other.utf8),
            a.status == .ok, b.status == .ok, let audio = a.audio, audio == b.audio
        else { return false }
        return fileNames(a.source) == fileNames(b.source)
    }

    /// The file name of each leg of `source` (`week/a.wav + week/b.wav`: `a.wav`, `b.wav`), as bytes.
    private static func fileNames(_ source: String) -> [[UInt8]] {
        source.components(separatedBy: CallReport.legSeparator).map { leg in
            Array(leg.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).last ?? [])
        }
    }

    /// What to say, one line each, of the duplicates dropped and of the `call_id`s given to
    /// entries that could not be shown to be one recording; `history` when a state database's
    /// results were added.
    public var warnings: [String] {
        var lines: [String] = []
        if let example = duplicates.first {
            lines.append("\(Plural.count(duplicates.count, "duplicate call")) dropped: the same call_id and the same recording "
                + "(file name, format and length) named by different paths, as \(example.callID) is \(example.first) and "
                + "\(example.later); each call is counted once, from the last report named (a report before the --state history)")
        }
        if let example = sharedCallIDs.first {
            let ids = Set(sharedCallIDs.map { Array($0.callID.utf8) }).count
            lines.append("\(ids == 1 ? "1 call_id is" : "\(ids) call_ids are") given to calls that are not shown to be the same recording "
                + "(another file name, format or length, or not analysed), as \(example.callID) to \(example.first) and "
                + "\(example.later): they are counted as separate calls; give each recording its own call_id")
        }
        return lines
    }
}
