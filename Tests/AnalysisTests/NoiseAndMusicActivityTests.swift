import Analysis
import TestSupport
import XCTest

/// Speech activity in the conditions the level-only gate used to get wrong: fluctuating
/// speech-like noise (office babble), music whose level moves like speech, and word endings.
final class NoiseAndMusicActivityTests: XCTestCase {
    private func analyze(
        _ samples: [Float], sampleRate: Double, configuration: AnalysisConfiguration = AnalysisConfiguration()
    ) -> ChannelAnalysis {
        let analyzer = SignalAnalyzer(channelCount: 1, sampleRate: sampleRate, configuration: configuration)
        var offset = 0
        samples.withUnsafeBufferPointer { all in
            while offset < all.count {
                let end = min(all.count, offset + 3001)
                analyzer.process(UnsafeBufferPointer(rebasing: all[offset..<end]))
                offset = end
            }
        }
        return analyzer.finish(durationSeconds: Double(samples.count) / sampleRate)[0]
    }

    /// Seconds of `spans` inside and outside the `truth` spans.
    /// Mixes a speech-like talker into `signal` over each of `spans`; span `i` uses seed
    /// `firstSeed + i`.
    private func mixSpeech(
        at spans: [TimeSpan], rmsDBFS: Double, f0Hz: Double = 140, firstSeed: UInt64, into signal: inout [Float], sampleRate: Double
    ) {
        for (i, span) in spans.enumerated() {
            let speech = Signals.speechLike(
                rmsDBFS: rmsDBFS, seconds: span.durationSeconds, sampleRate: sampleRate, f0Hz: f0Hz, seed: firstSeed + UInt64(i))
            Signals.mix(speech, into: &signal, atSeconds: span.startSeconds, sampleRate: sampleRate)
        }
    }

    /// Mixes a plucked melody into `signal`: notes of 0.2-0.5 s, each decaying, one after the other
    /// from `start` until `end` (when `stoppingAtTheEnd`, none starts in its last 50 ms and the
    /// last is cut at `end`; otherwise the last may ring past it).
    private func pluckMelody(
        from start: Double, to end: Double, stoppingAtTheEnd: Bool = false, peakDBFS: Double,
        random: inout SeededRandom, into signal: inout [Float], sampleRate rate: Double
    ) {
        let scale = [523.3, 587.3, 659.3, 784.0, 880.0]
        var pluck = start
        while pluck < end - (stoppingAtTheEnd ? 0.05 : 0) {
            var length = 0.2 + 0.3 * Double(random.nextSigned() + 1) / 2
            if stoppingAtTheEnd { length = min(end - pluck, length) }
            let f = scale[Int(Double(random.nextSigned() + 1) / 2 * Double(scale.count - 1))]
            var note = Signals.sine(frequencyHz: f, peakDBFS: peakDBFS, seconds: length, sampleRate: rate)
            for n in note.indices { note[n] *= Float(exp(-5 * Double(n) / rate)) }
            Signals.mix(note, into: &signal, atSeconds: pluck, sampleRate: rate)
            pluck += length
        }
    }

    /// Asserts that `signal`, talk in `talk` around hold music over `music`, keeps 90 % of the
    /// talk, reads less than `talkElsewhereUnder` seconds of talk elsewhere (the music), and
    /// holds at least `holdShare` of the music.
    private func assertHold(
        _ signal: [Float], sampleRate rate: Double, music: TimeSpan, between talk: [TimeSpan], talkElsewhereUnder: Double,
        holdShare: Double, file: StaticString = #filePath, line: UInt = #line
    ) {
        let result = analyze(signal, sampleRate: rate)
        let (inside, outside) = result.speech.split(inside: talk)
        XCTAssertGreaterThan(inside, 0.9 * talk.totalSeconds, "\(result.speech)", file: file, line: line)
        XCTAssertLessThan(outside, talkElsewhereUnder, "music read as talk: \(result.speech)", file: file, line: line)
        XCTAssertGreaterThan(result.hold.split(inside: [music]).inside, holdShare * music.durationSeconds, "\(result.hold)", file: file, line: line)
    }

    /// The noise floor is a low percentile of the recent levels, exactly as a sorted window
    /// would give it (to the tracker's 0.25 dB resolution), while the window slides.
    func testLevelPercentilesMatchASortedWindow() {
        var random = SeededRandom(seed: 9)
        let window = 250
        var tracker = LevelPercentileTracker(windowFrames: window, percentiles: [5, 20, 50])
        var recent: [Float] = []
        for frame in 0..<3000 {
            // A level walk with bursts, so the percentiles move both ways.
            let base: Float = frame % 1000 < 500 ? -60 : -35
            let level = base + 8 * random.nextSigned() + (frame % 37 < 5 ? 30 : 0)
            tracker.push(level)
            recent.append(level)
            if recent.count > window { recent.removeFirst() }
            let sorted = recent.sorted()
            for (index, percentile) in [5.0, 20, 50].enumerated() {
                let expected = sorted[Int(percentile / 100 * Double(sorted.count - 1))]
                XCTAssertEqual(tracker.percentile(index), expected, accuracy: LevelPercentileTracker.resolutionDB / 2 + 1e-4, "frame \(frame), p\(percentile)")
            }
            // Any other percentile, by walking the histogram.
            let fraction = Double(frame % 97) / 96
            XCTAssertEqual(
                tracker.level(atFraction: fraction), sorted[Int(fraction * Double(sorted.count - 1))],
                accuracy: LevelPercentileTracker.resolutionDB / 2 + 1e-4, "frame \(frame), fraction \(fraction)")
        }
        var edge = LevelPercentileTracker(windowFrames: 10, percentiles: [0, 100])
        for level: Float in [.nan, -.infinity, .infinity, -20] { edge.push(level) }
        XCTAssertEqual(edge.percentile(0), LevelPercentileTracker.lowestDBFS)
        XCTAssertEqual(edge.percentile(1), LevelPercentileTracker.highestDBFS)
        XCTAssertEqual(edge.level(atFraction: 0), LevelPercentileTracker.lowestDBFS)
        XCTAssertEqual(edge.level(atFraction: 1), LevelPercentileTracker.highestDBFS)
        XCTAssertEqual(LevelPercentileTracker(windowFrames: 10, percentiles: [20]).level(atFraction: 0.5), LevelPercentileTracker.lowestDBFS)
    }

    /// Six talkers summed, 10 dB under the party's speech (office babble): the party's talk is
    /// found and the babble alone is not talk. A minimum-statistics floor sits far under the
    /// babble's dips and used to read nearly all of it as speech.
    func testBabbleIsNotTalk() {
        for rate in [8000.0, 16000] {
            let duration = 40.0
            var signal = [Float](repeating: 0, count: Int(duration * rate))
            for voice in 0..<6 {
                let talker = Signals.speechLike(
                    rmsDBFS: -40 - 7.8, seconds: duration, sampleRate: rate, f0Hz: 100 + 25 * Double(voice), seed: UInt64(40 + voice))
                Signals.mix(talker, into: &signal, atSeconds: 0, sampleRate: rate)
            }
            let truth = [TimeSpan(5, 9), TimeSpan(14, 16.5), TimeSpan(22, 27), TimeSpan(33, 35)]
            mixSpeech(at: truth, rmsDBFS: -30, f0Hz: 190, firstSeed: 0, into: &signal, sampleRate: rate)
            let result = analyze(signal, sampleRate: rate)
            let found = result.speech
            let (inside, outside) = found.split(inside: truth)
            let context = "\(rate) Hz: \(found)"
            XCTAssertGreaterThan(inside / truth.totalSeconds, 0.85, context)
            XCTAssertLessThan(outside, 2.5, "babble read as talk: \(context)")
            // Nor is it hold: it rises far over its own dips, as music that has lifted the floor
            // does, but its spectrum never holds still.
            XCTAssertEqual(result.hold.totalSeconds, 0, "babble read as hold: \(result.hold)")
            var anySound = AnalysisConfiguration()
            anySound.activity.soundMinimumHeldShare = 0
            let withoutStability = analyze(signal, sampleRate: rate, configuration: anySound).hold
            XCTAssertGreaterThan(withoutStability.totalSeconds, 2, "\(rate) Hz: the babble should rise as far as music")
        }
    }

    /// Hold music made of a held chord under a plucked melody: its level rises and falls with
    /// every pluck, like syllables, but its spectrum holds still. It is hold, not talk, and the
    /// speech around it is kept.
    func testHeldChordUnderPluckedMelodyIsHold() {
        let rate = 8000.0
        var random = SeededRandom(seed: 3)
        var signal = Signals.whiteNoise(rmsDBFS: -68, seconds: 30, sampleRate: rate, seed: 4)
        let before = TimeSpan(1, 6), after = TimeSpan(22, 27)
        mixSpeech(at: [before, after], rmsDBFS: -22, firstSeed: 10, into: &signal, sampleRate: rate)
        let music = TimeSpan(8, 20)
        let roots = [261.6, 293.7, 329.6, 392.0]
        var t = music.startSeconds
        var bar = 0
        while t < music.endSeconds {
            for ratio in [0.5, 1, 1.25, 1.5] {
                let tone = Signals.sine(frequencyHz: roots[bar % roots.count] * ratio, peakDBFS: -32, seconds: 2, sampleRate: rate)
                Signals.mix(tone, into: &signal, atSeconds: t, sampleRate: rate)
            }
            pluckMelody(from: t, to: t + 2, peakDBFS: -24, random: &random, into: &signal, sampleRate: rate)
            t += 2
            bar += 1
        }
        assertHold(signal, sampleRate: rate, music: music, between: [before, after], talkElsewhereUnder: 1.0, holdShare: 0.8)
    }

    /// Hold music whose chords stop for 25 ms before the next begins, every other chord 8 dB
    /// louder: at each change the level falls some 17 dB under the window's mean for a frame or
    /// two, as it does between syllables. Once the frames are music, a window with one such dip is
    /// still music; talk dips like that again and again. The last chord here ends 1.3 s after the
    /// last change, before that dip has left the 1.5 s music window: with no dip allowed, those
    /// 1.3 s were talk (as at the end of a hold on an evaluation call).
    func testAChordChangeThatDipsIsStillHold() {
        let rate = 8000.0
        var random = SeededRandom(seed: 5)
        var signal = Signals.whiteNoise(rmsDBFS: -74, seconds: 18, sampleRate: rate, seed: 6)
        let before = TimeSpan(0.5, 2.5), after = TimeSpan(12.5, 16)
        mixSpeech(at: [before, after], rmsDBFS: -22, firstSeed: 30, into: &signal, sampleRate: rate)
        let roots = [261.6, 293.7, 329.6, 392.0]
        var t = 3.0
        for (bar, seconds) in [2.0, 2, 2, 1.3].enumerated() {
            let length = seconds - 0.025
            let gain = bar % 2 == 0 ? -36.0 : -28.0
            for ratio in [0.5, 1, 1.25, 1.5] {
                for harmonic in 1...3 {
                    let tone = Signals.sine(
                        frequencyHz: roots[bar] * ratio * Double(harmonic), peakDBFS: gain - 6 * Double(harmonic - 1),
                        seconds: length, sampleRate: rate)
                    Signals.mix(tone, into: &signal, atSeconds: t, sampleRate: rate)
                }
            }
            pluckMelody(from: t, to: t + length, stoppingAtTheEnd: true, peakDBFS: gain + 4, random: &random, into: &signal, sampleRate: rate)
            t += seconds
        }
        let music = TimeSpan(3, t)
        assertHold(signal, sampleRate: rate, music: music, between: [before, after], talkElsewhereUnder: 0.1, holdShare: 0.95)
    }

    /// A 90 s hold: the music becomes the noise floor (the floor's window holds nothing else), so
    /// against it the music is quiet; its held notes still make it hold, one span from end to
    /// end, with no silence inside to report as dead air, and its onset is not talk. Without the
    /// held-music rule the hold covered 29 of the 90 s (two spans, 60 s of "dead air" between)
    /// and the first 0.47 s of the music was talk.
    func testLongHoldStaysHoldWhenTheMusicIsTheNoiseFloor() {
        let rate = 8000.0
        var signal = Signals.whiteNoise(rmsDBFS: -70, seconds: 110, sampleRate: rate, seed: 21)
        let before = TimeSpan(1, 6), after = TimeSpan(102, 107)
        mixSpeech(at: [before, after], rmsDBFS: -22, firstSeed: 22, into: &signal, sampleRate: rate)
        let music = TimeSpan(8, 98)
        let chords: [[Double]] = [[261.6, 329.6, 392.0], [293.7, 370.0, 440.0], [246.9, 311.1, 370.0], [220.0, 277.2, 329.6]]
        var t = music.startSeconds
        var bar = 0
        while t < music.endSeconds {
            // Each chord swells and fades a little (6 dB), as real music does.
            let gain = -30 + 3 * sin(Double(bar) * 1.3)
            for f in chords[bar % chords.count] {
                for harmonic in 1...4 {
                    let tone = Signals.sine(
                        frequencyHz: f * Double(harmonic), peakDBFS: gain - 6 * Double(harmonic), seconds: 0.8, sampleRate: rate)
                    Signals.mix(tone, into: &signal, atSeconds: t, sampleRate: rate)
                }
            }
            t += 0.8
            bar += 1
        }
        let result = analyze(signal, sampleRate: rate)
        XCTAssertLessThan(result.speech.split(inside: [before, after]).outside, 0.1, "music read as talk: \(result.speech)")
        let holdInMusic = result.hold.filter { $0.endSeconds > music.startSeconds && $0.startSeconds < music.endSeconds }
        XCTAssertEqual(holdInMusic.count, 1, "\(result.hold)")
        XCTAssertGreaterThan(result.hold.split(inside: [music]).inside, 0.95 * music.durationSeconds, "\(result.hold)")
    }

    /// A word's final plosive, released after a 70 ms closure, belongs to the word (it is not a
    /// click to drop), and a fading word end is followed below the gate that starts speech.
    func testWordEndsAreKept() {
        let rate = 16000.0
        var signal = Signals.whiteNoise(rmsDBFS: -70, seconds: 4, sampleRate: rate, seed: 6)
        let word = Signals.speechLike(rmsDBFS: -24, seconds: 1, sampleRate: rate, seed: 7)
        Signals.mix(word, into: &signal, atSeconds: 1, sampleRate: rate)
        let release = Signals.whiteNoise(rmsDBFS: -36, seconds: 0.03, sampleRate: rate, seed: 8)
        Signals.mix(release, into: &signal, atSeconds: 2.07, sampleRate: rate)
        let found = analyze(signal, sampleRate: rate).speech
        XCTAssertEqual(found.count, 1, "\(found)")
        XCTAssertEqual(found.first?.startSeconds ?? 0, 1, accuracy: 0.05, "\(found)")
        XCTAssertEqual(found.first?.endSeconds ?? 0, 2.1, accuracy: 0.05, "the release is part of the word: \(found)")

        // A lone burst of the same length, far from speech, is still a click.
        var click = Signals.whiteNoise(rmsDBFS: -70, seconds: 3, sampleRate: rate, seed: 6)
        Signals.mix(release, into: &click, atSeconds: 1.5, sampleRate: rate)
        XCTAssertEqual(analyze(click, sampleRate: rate).speech, [])

        // Exponential fade-out of a vowel over 200 ms: kept until it nears the noise floor.
        var fade = Signals.whiteNoise(rmsDBFS: -70, seconds: 3, sampleRate: rate, seed: 11)
        var vowel = Signals.speechLike(rmsDBFS: -15, seconds: 1.2, sampleRate: rate, seed: 12)
        let fadeStart = Int(1.0 * rate)
        for n in fadeStart..<vowel.count { vowel[n] *= Float(exp(-Double(n - fadeStart) / rate / 0.04)) }
        Signals.mix(vowel, into: &fade, atSeconds: 0.5, sampleRate: rate)
        let faded = analyze(fade, sampleRate: rate).speech
        XCTAssertEqual(faded.count, 1, "\(faded)")
        // 40 ms time constant: -35 dB (near the -70 dBFS floor under -20 dBFS speech) after ~160 ms.
        XCTAssertGreaterThan(faded.first?.endSeconds ?? 0, 1.5 + 0.1, "fading end clipped: \(faded)")
    }

    /// A second of line noise, then office babble, the party's first words only at 6 s: the
    /// first seconds are judged against the noise floor of the seconds that follow them
    /// (look-ahead), not against a window that still holds mostly the quiet line. Without the
    /// look-ahead, the opening babble was talk.
    func testBabbleAtTheStartOfACallIsNotTalk() {
        let rate = 8000.0
        let duration = 20.0
        // The line connects: a second of line noise, then the office behind the party.
        var signal = Signals.whiteNoise(rmsDBFS: -70, seconds: duration, sampleRate: rate, seed: 69)
        for voice in 0..<6 {
            let talker = Signals.speechLike(
                rmsDBFS: -40 - 7.8, seconds: duration - 1, sampleRate: rate, f0Hz: 110 + 20 * Double(voice), seed: UInt64(70 + voice))
            Signals.mix(talker, into: &signal, atSeconds: 1, sampleRate: rate)
        }
        let truth = [TimeSpan(6, 9), TimeSpan(12, 15)]
        mixSpeech(at: truth, rmsDBFS: -30, f0Hz: 200, firstSeed: 80, into: &signal, sampleRate: rate)
        let found = analyze(signal, sampleRate: rate).speech
        let opening = found.filter { $0.startSeconds < 5.5 }
        XCTAssertLessThan(opening.totalSeconds, 0.3, "opening babble read as talk: \(found)")
        XCTAssertGreaterThan(found.split(inside: truth).inside / truth.totalSeconds, 0.85, "\(found)")
    }

    /// Phrases cut off mid-syllable (a line's noise suppression, a tightly trimmed prompt) in
    /// office babble (six talkers who pause between phrases) 10 dB under them: each talk segment
    /// ends near the cut, not on the babble's next swell. Once a word has been found, the hold
    /// gate's lowered margin lets frames of the babble through for 0.2 s; those that rise over
    /// the lowest level the hold has seen are a swell, not the word's fading end
    /// (`holdMaximumRiseDB`). Without that rule two of the eight segments ran on 0.17 and 0.21 s
    /// past the cut (mean 0.066 s; with it 0.014 s).
    func testAPhraseCutOffInBabbleEndsAtTheCut() {
        let rate = 16000.0
        let duration = 40.0
        var signal = [Float](repeating: 0, count: Int(duration * rate))
        let voices = 6
        // Talkers who pause between their phrases, as people do: babble that swells and sinks.
        var random = SeededRandom(seed: 139)
        for voice in 0..<voices {
            var at = Double(random.nextSigned() + 1) * 0.5
            var k: UInt64 = 0
            while at < duration {
                let seconds = 0.8 + 1.2 * Double(random.nextSigned() + 1)
                let phrase = Signals.speechLike(
                    rmsDBFS: -36 - 10 * log10(Double(voices)), seconds: seconds, sampleRate: rate, f0Hz: 105 + 22 * Double(voice),
                    seed: 1000 * UInt64(voice + 1) + k)
                Signals.mix(phrase, into: &signal, atSeconds: at, sampleRate: rate)
                at += seconds + 0.3 + 0.5 * Double(random.nextSigned() + 1)
                k += 1
            }
        }
        let phrases = (0..<8).map { TimeSpan(2 + 4.5 * Double($0), 4.1 + 4.5 * Double($0) + 0.1 * Double($0 % 3)) }
        for (i, phrase) in phrases.enumerated() {
            // A longer phrase whose last syllable is cut where the phrase ends.
            let voice = Signals.speechLike(
                rmsDBFS: -30, seconds: phrase.durationSeconds + 0.4, sampleRate: rate, f0Hz: 190, seed: UInt64(150 + i))
            Signals.mix(Array(voice.prefix(Int(phrase.durationSeconds * rate))), into: &signal, atSeconds: phrase.startSeconds, sampleRate: rate)
        }
        func overrun(_ configuration: AnalysisConfiguration) -> (mean: Double, found: [TimeSpan]) {
            let found = analyze(signal, sampleRate: rate, configuration: configuration).speech
            XCTAssertGreaterThan(found.split(inside: phrases).inside / phrases.totalSeconds, 0.9, "\(found)")
            let ends = phrases.map { phrase in
                (found.last { $0.startSeconds < phrase.endSeconds && $0.endSeconds > phrase.startSeconds }?.endSeconds ?? 0) - phrase.endSeconds
            }
            return (ends.reduce(0, +) / Double(ends.count), found)
        }
        let cut = overrun(AnalysisConfiguration())
        XCTAssertLessThan(cut.mean, 0.04, "segments run on past the cut: \(cut.found)")
        var swells = AnalysisConfiguration()
        swells.activity.holdMaximumRiseDB = .infinity
        XCTAssertGreaterThan(overrun(swells).mean, cut.mean + 0.03, "the rule should be what ends the segments")
    }

    /// A quiet talker (-40 dBFS) on a clean line (-76 dBFS), whose words rise out of the line
    /// noise and fade back into it by 40 dB over 200 ms: the soft onset and the fading end, under
    /// the -62 dBFS floor that starts speech but above the line noise, belong to the word (no
    /// more than 50 ms lost at either end), and the line noise does not. Without the tail rule
    /// both ends were cut where the level crossed -62 dBFS, about 90 ms from the ends. The words'
    /// edges are noise-like (fricatives) so that their level follows the envelope exactly; a
    /// voiced core (vowels) fills their middle.
    func testSoftOnsetsAndFadingEndsOfAQuietTalkerAreKept() {
        let rate = 8000.0
        var signal = Signals.whiteNoise(rmsDBFS: -76, seconds: 8, sampleRate: rate, seed: 31)
        let words = [TimeSpan(1, 2.2), TimeSpan(4, 5.2)]
        for (i, word) in words.enumerated() {
            var sound = Signals.whiteNoise(rmsDBFS: -40, seconds: word.durationSeconds, sampleRate: rate, seed: UInt64(32 + i))
            let ramp = Int(0.2 * rate)
            for n in 0..<ramp {
                let gain = Float(pow(10, -40 * (1 - Double(n) / Double(ramp)) / 20))
                sound[n] *= gain
                sound[sound.count - 1 - n] *= gain
            }
            Signals.mix(sound, into: &signal, atSeconds: word.startSeconds, sampleRate: rate)
            let vowels = Signals.speechLike(rmsDBFS: -34, seconds: 0.6, sampleRate: rate, seed: UInt64(34 + i))
            Signals.mix(vowels, into: &signal, atSeconds: word.startSeconds + 0.3, sampleRate: rate)
        }
        let found = analyze(signal, sampleRate: rate).speech
        XCTAssertEqual(found.count, 2, "\(found)")
        for (span, word) in zip(found, words) {
            XCTAssertLessThanOrEqual(span.startSeconds, word.startSeconds + 0.05, "onset clipped: \(found)")
            XCTAssertGreaterThanOrEqual(span.endSeconds, word.endSeconds - 0.05, "end clipped: \(found)")
            XCTAssertGreaterThan(span.startSeconds, word.startSeconds - 0.03, "line noise before the word: \(found)")
            XCTAssertLessThan(span.endSeconds, word.endSeconds + 0.03, "line noise after the word: \(found)")
        }
    }

    /// Speech at 5 dB SNR over low-frequency noise (the spectrum of pink/brown noise and road
    /// rumble), and over line hiss with mains hum (50 Hz and its odd harmonics, 15 dB under the
    /// speech): the talk is found and the noise alone is not talk.
    func testSpeechInColouredNoiseAndUnderHumIsFound() {
        let rate = 8000.0
        let truth = [TimeSpan(3, 7), TimeSpan(10, 12.5), TimeSpan(18, 23)]
        let rumble = Signals.bandLimitedNoise(lowHz: 60, highHz: 1200, rmsDBFS: -30, seconds: 26, sampleRate: rate, seed: 51)
        var hum = Signals.whiteNoise(rmsDBFS: -50, seconds: 26, sampleRate: rate, seed: 52)
        for harmonic in [50.0, 150, 250, 350] {
            Signals.mix(Signals.sine(frequencyHz: harmonic, peakDBFS: -40, seconds: 26, sampleRate: rate), into: &hum, atSeconds: 0, sampleRate: rate)
        }
        for (name, noise) in [("low-frequency noise at 5 dB", rumble), ("hiss and hum", hum)] {
            var signal = noise
            mixSpeech(at: truth, rmsDBFS: -25, firstSeed: 53, into: &signal, sampleRate: rate)
            let found = analyze(signal, sampleRate: rate).speech
            let (inside, outside) = found.split(inside: truth)
            XCTAssertGreaterThan(inside / truth.totalSeconds, 0.9, "\(name): \(found)")
            XCTAssertLessThan(outside, 0.5, "\(name) read as talk: \(found)")
        }
    }

    /// A recorded voice closes its sentences on a held vowel that decays (a room's reverberation,
    /// 120 dB/s here) into steady low-pitched noise 25 dB under the voice. The vowel's upper
    /// harmonics stand over the noise's spectrum in their bins after the speech band's total has
    /// sunk into the noise, where the level gate lets go: the segment ends where they sink too
    /// (`spectralTailPercentile`), 0.08-0.16 s later than by level alone, and never past 0.35 s
    /// into the decay (42 dB down). A sentence that stops dead keeps the end the level gate gives
    /// it (within a frame).
    func testADecayThatSinksUnderSteadyNoiseIsKeptWhileItsHarmonicsStandOut() {
        let rate = 8000.0
        func ends(decaying: Bool, configuration: AnalysisConfiguration = AnalysisConfiguration()) -> [Double] {
            let found = analyze(
                Self.sentences(closingOnDecays: decaying, sampleRate: rate), sampleRate: rate, configuration: configuration
            ).speech
            XCTAssertEqual(found.count, Self.sentenceStarts.count, "\(found)")
            return found.map(\.endSeconds)
        }
        let held = ends(decaying: true), lost = ends(decaying: true, configuration: Self.levelOnly)
        let dead = ends(decaying: false), deadLevelOnly = ends(decaying: false, configuration: Self.levelOnly)
        for (i, start) in Self.sentenceStarts.enumerated() {
            XCTAssertGreaterThanOrEqual(held[i], lost[i] + 0.05, "sentence \(i): \(held) against \(lost) by level alone")
            // 0.35 s into the decay, the vowel is 42 dB under its start.
            XCTAssertLessThanOrEqual(held[i], start + 1.2 + 0.35, "sentence \(i): \(held)")
            XCTAssertEqual(dead[i], deadLevelOnly[i], accuracy: 0.011, "a dead stop, sentence \(i): \(dead)")
        }
    }

    /// The same sentences on the agent's channel, but the customer answers 50 ms into each decay,
    /// and the customer's voice leaks into the agent's channel 35 dB down: under the gate there,
    /// yet over the noise's spectrum in its bins. While the other party talks (or paused less
    /// than `mergeGapSeconds` ago), what stands over the noise may be its voice: the agent's
    /// segments keep the ends the level gate gives them. (In the bundled Spanish A-law call, the
    /// agent's end grew by 40 ms into the customer's reply, and a 0.38 s overlap became a 0.5 s
    /// interruption.)
    func testATailIsNotSoughtWhileTheOtherPartyTalks() {
        let rate = 8000.0
        let agent = Self.sentences(closingOnDecays: true, sampleRate: rate)
        var customer = Signals.bandLimitedNoise(lowHz: 60, highHz: 1200, rmsDBFS: -40, seconds: 13, sampleRate: rate, seed: 81)
        var leaked = agent
        for (i, start) in Self.sentenceStarts.enumerated() {
            let reply = Signals.speechLike(rmsDBFS: -15, seconds: 1, sampleRate: rate, f0Hz: 210, seed: 82 + UInt64(i))
            Signals.mix(reply, into: &customer, atSeconds: start + 1.25, sampleRate: rate)
            Signals.mix(reply.map { $0 * Signals.amplitude(dB: -35) }, into: &leaked, atSeconds: start + 1.25, sampleRate: rate)
        }
        func agentEnds(_ configuration: AnalysisConfiguration) -> [Double] {
            let analyzer = SignalAnalyzer(channelCount: 2, sampleRate: rate, configuration: configuration)
            leaked.withUnsafeBufferPointer { a in customer.withUnsafeBufferPointer { b in analyzer.process([a, b]) } }
            let found = analyzer.finish(durationSeconds: 13)[0].speech
            XCTAssertEqual(found.count, Self.sentenceStarts.count, "\(found)")
            return found.map(\.endSeconds)
        }
        let ends = agentEnds(AnalysisConfiguration()), levelOnly = agentEnds(Self.levelOnly)
        for i in Self.sentenceStarts.indices {
            XCTAssertEqual(ends[i], levelOnly[i], accuracy: 0.011, "sentence \(i): \(ends) against \(levelOnly)")
        }
    }

    /// When the three sentences of `sentences(closingOnDecays:sampleRate:)` start, in seconds.
    private static let sentenceStarts = [2.0, 5.5, 9.0]

    /// The analysis without the spectral tails: segment ends by level alone.
    private static var levelOnly: AnalysisConfiguration {
        var configuration = AnalysisConfiguration()
        configuration.activity.spectralTailMaximumSeconds = 0
        return configuration
    }

    /// 13 s of steady low-pitched noise (60-1200 Hz at -40 dBFS, white at -60 dBFS) with three
    /// 1.2 s sentences at -15 dBFS (`sentenceStarts`), each closing, when `closingOnDecays`, on a
    /// vowel on 150 Hz (22 harmonics up to 3.3 kHz) at the sentence's level that decays at
    /// 120 dB/s for 0.5 s.
    private static func sentences(closingOnDecays: Bool, sampleRate rate: Double) -> [Float] {
        var signal = Signals.bandLimitedNoise(lowHz: 60, highHz: 1200, rmsDBFS: -40, seconds: 13, sampleRate: rate, seed: 61)
        Signals.mix(Signals.whiteNoise(rmsDBFS: -60, seconds: 13, sampleRate: rate, seed: 60), into: &signal, atSeconds: 0, sampleRate: rate)
        for (i, start) in sentenceStarts.enumerated() {
            Signals.mix(
                Signals.speechLike(rmsDBFS: -15, seconds: 1.2, sampleRate: rate, seed: 62 + UInt64(i)),
                into: &signal, atSeconds: start, sampleRate: rate)
            guard closingOnDecays else { continue }
            let vowel = (0..<Int(0.5 * rate)).map { n -> Float in
                let t = Double(n) / rate
                var value = 0.0
                for k in 1...22 { value += sin(2 * .pi * 150 * Double(k) * t + Double(k)) / Double(k).squareRoot() }
                return Float(value * 0.045 * pow(10, -120 * t / 20))
            }
            Signals.mix(vowel, into: &signal, atSeconds: start + 1.2, sampleRate: rate)
        }
        return signal
    }

    /// Keyboard typing near the agent's microphone (8 ms clicks 10 dB under the voice, every
    /// 120-250 ms for 5 s) between two turns is not talk.
    func testTypingNearTheMicrophoneIsNotSpeech() {
        let rate = 16000.0
        var random = SeededRandom(seed: 61)
        var signal = Signals.whiteNoise(rmsDBFS: -70, seconds: 26, sampleRate: rate, seed: 62)
        let truth = [TimeSpan(2, 5), TimeSpan(21, 24)]
        mixSpeech(at: truth, rmsDBFS: -20, firstSeed: 63, into: &signal, sampleRate: rate)
        var t = 7.0
        var key: UInt64 = 70
        while t < 12 {
            let click = Signals.whiteNoise(rmsDBFS: -30, seconds: 0.008, sampleRate: rate, seed: key)
            Signals.mix(click, into: &signal, atSeconds: t, sampleRate: rate)
            t += 0.12 + 0.13 * Double(random.nextSigned() + 1) / 2
            key += 1
        }
        let found = analyze(signal, sampleRate: rate).speech
        let (inside, outside) = found.split(inside: truth)
        XCTAssertGreaterThan(inside / truth.totalSeconds, 0.9, "\(found)")
        XCTAssertLessThan(outside, 0.2, "typing read as talk: \(found)")
    }

    /// Breathing near the microphone between turns (half-second breaths of noise, 20 and 28 dB
    /// under the voice, at 8 and 16 kHz) is not talk: no breath has a voice's periodic vowels.
    /// Each breath is well above the gate; without the voicing test each is read as talk.
    func testBreathingBetweenTurnsIsNotSpeech() {
        for rate in [8000.0, 16000] {
            var signal = Signals.whiteNoise(rmsDBFS: -72, seconds: 24, sampleRate: rate, seed: 81)
            let truth = [TimeSpan(1, 4), TimeSpan(9, 12), TimeSpan(19, 22)]
            mixSpeech(at: truth, rmsDBFS: -20, firstSeed: 82, into: &signal, sampleRate: rate)
            let breaths: [(start: Double, level: Double)] = [(5.2, -40), (6.6, -48), (7.9, -48), (14, -40), (16.5, -48)]
            for (i, breath) in breaths.enumerated() {
                var noise = Signals.whiteNoise(rmsDBFS: breath.level, seconds: 0.5, sampleRate: rate, seed: UInt64(90 + i))
                for n in noise.indices {
                    noise[n] *= Float(sin(Double.pi * Double(n) / Double(noise.count)))
                }
                Signals.mix(noise, into: &signal, atSeconds: breath.start, sampleRate: rate)
            }
            let found = analyze(signal, sampleRate: rate).speech
            let (inside, outside) = found.split(inside: truth)
            XCTAssertGreaterThan(inside / truth.totalSeconds, 0.95, "\(rate) Hz: \(found)")
            XCTAssertLessThan(outside, 0.1, "\(rate) Hz, breathing read as talk: \(found)")
            var unvoiced = AnalysisConfiguration()
            unvoiced.activity.minimumVoicedSeconds = 0
            let withoutVoicing = analyze(signal, sampleRate: rate, configuration: unvoiced).speech
            XCTAssertGreaterThan(withoutVoicing.split(inside: truth).outside, 1, "\(rate) Hz: the breaths should pass the level gate")
        }
    }
}
