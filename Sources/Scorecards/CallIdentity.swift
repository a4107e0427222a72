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
/// was first met.
public struct CallCollection: Sendable {
    private var calls: [CallReport] = []
    private var index: [CallIdentity: Int] = [:]

    public init() {}

    /// The calls, in the order each identity was first met.
    public var all: [CallReport] { calls }

    /// Adds `call`; an earlier call with the same identity is replaced (the last report named wins).
    public mutating func add(_ call: CallReport) {
        let identity = CallIdentity(call)
        if let position = index[identity] {
            calls[position] = call
        } else {
            index[identity] = calls.count
            calls.append(call)
        }
    }

    /// Adds `call` unless a call with the same identity is already there (a report wins over the
    /// history).
    public mutating func addIfNew(_ call: CallReport) {
        guard index[CallIdentity(call)] == nil else { return }
        add(call)
    }
}
