/// Whether a channel's talk segments go on, on average, under its noise after the detector's
/// ends: a voice whose sentences close on a breathy or reverberant tail 20-45 dB under its peak
/// loses that tail in noise frame by frame, but the power of the windows right after its
/// segment ends, taken together, still stands over the noise's mean.
///
/// Streaming, with memory that grows only with the number of segment ends. Frames arrive in
/// order with their speech-band power (linear) and whether they are speech. A segment end counts
/// when no speech follows for `isolationFrames`; its first window is the `windowFrames` frames
/// after the segment's last frame (after any tail the detector joined to it), its second window
/// the `windowFrames` after that (or the last `windowFrames` of the isolation, where the two
/// would not both fit): a tail that goes on past the first shows in the second. The noise is the frames
/// with no speech within `isolationFrames` on either side: their mean power, and the spread of
/// the mean of `windowFrames` consecutive ones.
struct TailEvidence: Sendable {
    /// Frames skipped between a segment's last frame and its window: the next frame's analysis
    /// window still overlaps the segment's last one, and on a quiet line the smeared end of the
    /// word, which no one would hear, would otherwise outweigh everything after it.
    static let guardFrames = 1
    let windowFrames: Int
    let isolationFrames: Int
    /// The power of the last `isolationFrames + 1` frames (at least), by frame index: a ring
    /// whose length is a power of two, indexed with `mask`.
    private var recent: [Float]
    private let mask: Int
    private var lastSpeechFrame = Int.min / 2
    /// The first frame after the last run of speech frames, while no speech has followed it.
    private var pendingEnd: Int?
    /// The mean power of each segment end's first and second window.
    private var firstWindowPowers: [Double] = []
    private var secondWindowPowers: [Double] = []
    /// Noise frames: sum of their power and their count; the block of consecutive ones under
    /// way; and the sum, sum of squares and count of the means of full blocks.
    private var noisePower: Double = 0
    private var noiseFrames = 0
    private var blockPower: Double = 0
    private var blockFrames = 0
    private var blockLastFrame = Int.min / 2
    private var blockMeanSum: Double = 0
    private var blockMeanSquareSum: Double = 0
    private var blocks = 0

    /// - Parameters:
    ///   - windowFrames: Frames of each window after a segment end (and of each noise block).
    ///   - isolationFrames: Frames of no speech after an end for it to count, and around a
    ///     frame for it to be noise; at least `windowFrames` plus the longest tail the detector
    ///     may join to a run (`tailFrames`).
    init(windowFrames: Int, isolationFrames: Int, tailFrames: Int) {
        precondition(windowFrames > 0)
        self.windowFrames = windowFrames
        self.isolationFrames = max(isolationFrames, windowFrames + tailFrames + Self.guardFrames)
        var length = 1
        while length < self.isolationFrames + 1 { length *= 2 }
        recent = Array(repeating: 0, count: length)
        mask = length - 1
    }

    /// Adds frame `frame` (frames in order, none skipped): its speech-band power (linear) and
    /// whether it is speech. Returns true when a segment end's window is due: the caller then
    /// calls `addEndWindow(runEnd:)` before the next frame.
    mutating func add(frame: Int, power: Float, isSpeech: Bool) -> Bool {
        recent[frame & mask] = power
        if isSpeech {
            pendingEnd = nil
            lastSpeechFrame = frame
        } else if lastSpeechFrame == frame - 1 {
            pendingEnd = frame
        }
        let candidate = frame - isolationFrames
        if candidate >= 0, lastSpeechFrame < candidate - isolationFrames {
            addNoise(frame: candidate, power: recent[candidate & mask])
        }
        return pendingEnd.map { frame == $0 + isolationFrames } ?? false
    }

    /// Adds the window of the segment end that `add` said is due, given where the detector's
    /// last speech run now ends (its last frame plus one, tail included), if there is one.
    mutating func addEndWindow(runEnd: Int?) {
        guard let end = pendingEnd else { return }
        // The frames end...end + isolationFrames are all in `recent`, and the window fits after
        // the tail.
        let last = end + isolationFrames + 1 - windowFrames
        let first = min(max(end, runEnd ?? end) + Self.guardFrames, last)
        firstWindowPowers.append(meanPower(from: first))
        secondWindowPowers.append(meanPower(from: min(first + windowFrames, last)))
        pendingEnd = nil
    }

    private func meanPower(from start: Int) -> Double {
        var power: Double = 0
        for k in start..<(start + windowFrames) { power += Double(recent[k & mask]) }
        return power / Double(windowFrames)
    }

    private mutating func addNoise(frame: Int, power: Float) {
        noisePower += Double(power)
        noiseFrames += 1
        if frame != blockLastFrame + 1 {
            blockPower = 0
            blockFrames = 0
        }
        blockLastFrame = frame
        blockPower += Double(power)
        blockFrames += 1
        if blockFrames == windowFrames {
            let mean = blockPower / Double(windowFrames)
            blockMeanSum += mean
            blockMeanSquareSum += mean * mean
            blocks += 1
            blockPower = 0
            blockFrames = 0
        }
    }

    /// The median excess of the ends' first (`second` false) or second windows' power over the
    /// noise's mean, as a fraction of that mean, and its standard error (from the spread of the
    /// noise blocks' means); nil with fewer than `minimumEnds` ends or 10 noise blocks.
    func excess(minimumEnds: Int, second: Bool = false) -> (median: Double, standardError: Double)? {
        let windowPowers = second ? secondWindowPowers : firstWindowPowers
        guard windowPowers.count >= max(1, minimumEnds), blocks >= 10, noisePower > 0 else { return nil }
        let mean = noisePower / Double(noiseFrames)
        let blockMean = blockMeanSum / Double(blocks) / mean
        let variance = max(0, blockMeanSquareSum / Double(blocks) / (mean * mean) - blockMean * blockMean)
        guard let median = windowPowers.median() else { return nil }
        // The standard error of a median is about 1.25 times that of a mean.
        return (median / mean - 1, 1.25 * variance.squareRoot() / Double(windowPowers.count).squareRoot())
    }
}
