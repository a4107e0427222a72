#if canImport(Glibc)
import Glibc
#endif

/// Fills a channel's dropouts before it is framed: short runs of one near-zero value (lost packets
/// a recorder wrote as digital silence) between stretches of signal.
///
/// The steps into and out of such a run are clicks, broadband and sudden, that read as a voice's
/// onset; and the run breaks the windows that tell hold music and steady noise from speech (a
/// 1.5 s window with a hole in it is no longer "loud throughout"). With 10 % of 20 ms packets
/// lost, 46 % of the agent's talk found in the hold calls of `scripts/eval` was the music
/// (docs/speech-activity.md, "Frames", and `scripts/eval-impairments`). A receiver hides a lost
/// packet by playing something like what came before; this does the same for the analysis alone
/// (the loudness meter measures the samples as decoded): the run is the signal before it,
/// mirrored in time (so it starts where the signal stopped), and over its last 5 ms (all of it
/// when shorter) crossfades (equal power) into the signal after it, mirrored too (so it ends
/// where the signal resumes). Mirroring keeps the neighbours' spectra and levels; a voice's pitch
/// and a note's frequency carry on into the gap.
///
/// A run is concealed when it lasts from `minimumSeconds` (2 ms, and at least 15 samples: a quiet
/// line's own zeros are shorter) to `maximumSeconds` (120 ms: 1-6 lost 20 ms packets), its value
/// is at most `maximumMagnitude` (2^-11: µ-law's and 16-bit PCM's zero, A-law's smallest codes
/// ±8/32768 that an A-law recorder writes for silence), the signal on each side (as many samples
/// as the run, at least 5 ms) has a mean square of at least `minimumContextPower` (-60 dBFS, as
/// for `FrameFeatures.holdsDropout`), and the run cuts it off: the 2 ms on each side of the run
/// keep at least `minimumEdgeShare` (1/16, -12 dB) of that side's mean square. A pause of digital
/// silence that is the signal's own (a synthesised prompt's, a noise gate's) is faded into and
/// out of. Longer runs are left as they are: a line that sends nothing between talk spurts
/// (silence suppression without comfort noise), a muted channel, the end of a file. Streaming:
/// samples are handed on at most two runs' length late; memory is bounded by that.
public struct DropoutConcealer {
    /// See the type's documentation.
    public static let minimumSeconds = 0.002
    public static let maximumSeconds = 0.12
    public static let maximumMagnitude: Float = 1.0 / 2048
    public static let minimumContextPower: Float = 1e-6
    static let minimumContextSeconds = 0.005
    static let fadeSeconds = 0.005
    static let edgeSeconds = 0.002
    static let minimumEdgeShare: Float = 1.0 / 16

    private let minimumRun: Int
    private let maximumRun: Int
    private let minimumContext: Int
    private let fadeSamples: Int
    private let edgeSamples: Int
    /// Samples not yet handed on, after the last `maximumRun` samples handed on (`history`
    /// of them: the signal before a run, for its mirror).
    private var buffer: [Float] = []
    private var history = 0
    /// In `buffer`, where scanning for the next run resumes (everything before it is settled).
    private var scanned = 0
    /// The value of a run too long to conceal that reached the end of the samples so far.
    private var longRunValue: Float?
    /// Runs concealed so far, and the samples they held.
    public private(set) var concealedRuns = 0
    public private(set) var concealedSamples = 0
    /// Of those, the runs (and their samples) with a mean square of at least
    /// `lostPacketMinimumPower` (-40 dBFS) on both sides: lost packets. A line that sends
    /// nothing while its sound is quiet (silence suppression without comfort noise) leaves
    /// gaps like theirs between its quiet stretches, where the sound is far under that.
    public private(set) var lostPackets = 0
    public private(set) var lostPacketSamples = 0
    public static let lostPacketMinimumPower: Float = 1e-4

    /// Creates a concealer for a channel sampled at `sampleRate` Hz.
    public init(sampleRate: Double) {
        minimumRun = max(15, Int((Self.minimumSeconds * sampleRate).rounded()))
        maximumRun = max(minimumRun, Int((Self.maximumSeconds * sampleRate).rounded()))
        minimumContext = max(1, Int((Self.minimumContextSeconds * sampleRate).rounded()))
        fadeSamples = max(1, Int((Self.fadeSeconds * sampleRate).rounded()))
        edgeSamples = max(2, Int((Self.edgeSeconds * sampleRate).rounded()))
    }

    /// Takes the next samples and calls `emit` with the samples now settled, in order.
    public mutating func process(_ samples: UnsafeBufferPointer<Float>, emit: (UnsafeBufferPointer<Float>) -> Void) {
        buffer.append(contentsOf: samples)
        settle(final: false, emit: emit)
    }

    /// Hands on every sample still held (a run at the very end is left as it is).
    public mutating func finish(emit: (UnsafeBufferPointer<Float>) -> Void) {
        settle(final: true, emit: emit)
    }

    /// Where the next run that may be a dropout starts, from `start` on: the first 8 aligned
    /// samples (counted from `start`) that are one value of magnitude at most `maximumMagnitude`,
    /// backed up to where that value starts, or else where the samples at the end of the buffer
    /// start being one such value (a run that may go on in the next block), or the buffer's end.
    /// A run of at least `minimumRun` (15 or more) samples always holds 8 such aligned samples.
    /// Eight lanes at a time: a quiet line's noise lies within ±2^-11 and a sample-by-sample
    /// look at each such sample cost 10 % of an hour's 8 kHz call.
    private func nextRunCandidate(from start: Int) -> Int {
        buffer.withUnsafeBufferPointer { samples in
            let count = samples.count
            let base = UnsafeRawPointer(samples.baseAddress!)
            var i = start
            while i + 8 <= count {
                let x = base.loadUnaligned(fromByteOffset: i * MemoryLayout<Float>.stride, as: SIMD8<Float>.self)
                let first = x[0]
                if abs(first) <= Self.maximumMagnitude, all(x .== SIMD8(repeating: first)) {
                    var j = i
                    while j > start, samples[j - 1] == first { j -= 1 }
                    return j
                }
                i += 8
            }
            guard count > start, abs(samples[count - 1]) <= Self.maximumMagnitude else { return count }
            let last = samples[count - 1]
            var j = count - 1
            while j > start, samples[j - 1] == last { j -= 1 }
            return j
        }
    }

    private mutating func settle(final: Bool, emit: (UnsafeBufferPointer<Float>) -> Void) {
        var i = max(scanned, history)
        let count = buffer.count
        // A run too long to be lost packets goes on from the last call: it is left as it is.
        if let value = longRunValue {
            while i < count, buffer[i] == value { i += 1 }
            if i < count { longRunValue = nil }
        }
        // The samples before `ready` are settled.
        var ready = i
        scan: while i < count {
            i = nextRunCandidate(from: i)
            ready = i
            guard i < count else { break }
            let value = buffer[i]
            var end = i + 1
            while end < count, buffer[end] == value, end - i <= maximumRun { end += 1 }
            let length = end - i
            if length > maximumRun {
                while end < count, buffer[end] == value { end += 1 }
                if end == count { longRunValue = value }
                i = end
                ready = i
                continue
            }
            if end == count {
                if !final { ready = i }  // the run may go on
                else { i = end; ready = i }
                break scan
            }
            if length < minimumRun {
                i = end
                ready = i
                continue
            }
            let context = max(minimumContext, length)
            let after = min(count, end + context)
            if after - end < context && !final {
                ready = i  // wait for the signal after the run
                break scan
            }
            conceal(start: i, end: end, context: context, afterEnd: after)
            i = end
            ready = i
        }
        if final { ready = count }
        guard ready > history else {
            scanned = ready
            return
        }
        buffer.withUnsafeBufferPointer { all in
            emit(UnsafeBufferPointer(rebasing: all[history..<ready]))
        }
        // Keep the last `maximumRun` settled samples: the signal before the next run.
        let keepFrom = max(0, ready - maximumRun)
        buffer.removeFirst(keepFrom)
        history = ready - keepFrom
        scanned = history
    }

    /// Fills `buffer[start..<end]` when the signal on both sides is loud enough.
    private mutating func conceal(start: Int, end: Int, context: Int, afterEnd: Int) {
        let before = max(0, start - context)
        let leftCount = start - before
        let rightCount = afterEnd - end
        guard leftCount >= minimumContext, rightCount >= minimumContext else { return }
        func meanSquare(_ range: Range<Int>) -> Float {
            var sum: Float = 0
            for n in range { sum += buffer[n] * buffer[n] }
            return sum / Float(range.count)
        }
        let leftPower = meanSquare(before..<start), rightPower = meanSquare(end..<afterEnd)
        guard leftPower >= Self.minimumContextPower, rightPower >= Self.minimumContextPower else { return }
        // Cut off, not faded out: a lost packet stops the signal mid-waveform and it resumes so;
        // a pause of digital silence that a prompt's synthesis or a noise gate made is faded into.
        let edge = min(edgeSamples, leftCount, rightCount)
        guard meanSquare((start - edge)..<start) >= leftPower * Self.minimumEdgeShare,
            meanSquare(end..<(end + edge)) >= rightPower * Self.minimumEdgeShare
        else { return }
        let length = end - start
        // The last `fade` samples (at most `fadeSeconds`) crossfade into the signal after the run.
        let fade = min(length, fadeSamples)
        for k in 0..<length {
            // Mirrored about the run's edges, cycling when a side is shorter than the run.
            let left = buffer[start - 1 - (k % leftCount)]
            let into = k - (length - fade)
            guard into >= 0 else {
                buffer[start + k] = left
                continue
            }
            let right = buffer[end + ((length - 1 - k) % rightCount)]
            // Equal-power: the two sides are unrelated signals.
            let phase = (Float(into) + 0.5) / Float(fade) * .pi / 2
            buffer[start + k] = cos(phase) * left + sin(phase) * right
        }
        concealedRuns += 1
        concealedSamples += length
        if min(leftPower, rightPower) >= Self.lostPacketMinimumPower {
            lostPackets += 1
            lostPacketSamples += length
        }
    }
}
