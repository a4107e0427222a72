import AudioIO
import Foundation
import TestSupport
import XCTest

final class SoundFileTests: XCTestCase {
    private func decodeAll(_ file: SoundFile, blockFrames: Int = 1000) throws -> [[Float]] {
        var block = AudioBlock(channelCount: file.info.channelCount, capacity: blockFrames)
        var channels = Array(repeating: [Float](), count: file.info.channelCount)
        while try file.read(into: &block, maximumFrames: blockFrames) > 0 {
            for c in channels.indices { channels[c] += block.channels[c] }
        }
        return channels
    }

    /// An MS ADPCM WAV file (format 2) of `blocks` silent blocks of `blockAlign` bytes, with its
    /// `fact` chunk: as sox writes them (512-byte blocks of 500 frames for stereo).
    private func msADPCM(channels: Int, sampleRate: Int, blocks: Int, blockAlign: Int = 512) -> (Data, frames: Int) {
        let perBlock = (blockAlign - 7 * channels) * 8 / (4 * channels) + 2
        var out = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(truncatingIfNeeded: v).littleEndian) { out.append(contentsOf: $0) } }
        let coefficients = [(256, 0), (512, -256), (0, 0), (192, 64), (240, 0), (460, -208), (392, -232)]
        let fmtSize = 22 + 4 * coefficients.count
        let dataSize = blocks * blockAlign
        out.append(contentsOf: Array("RIFF".utf8)); u32(4 + 8 + fmtSize + 12 + 8 + dataSize)
        out.append(contentsOf: Array("WAVEfmt ".utf8)); u32(fmtSize)
        u16(2); u16(channels); u32(sampleRate); u32(sampleRate * blockAlign / perBlock); u16(blockAlign); u16(4)
        u16(32); u16(perBlock); u16(coefficients.count)
        for (a, b) in coefficients { u16(a); u16(b) }
        out.append(contentsOf: Array("fact".utf8)); u32(4); u32(blocks * perBlock)
        out.append(contentsOf: Array("data".utf8)); u32(dataSize)
        for _ in 0..<blocks {
            // Each channel's predictor (0), initial delta (16) and two zero samples, then zero nibbles.
            var block = [UInt8](repeating: 0, count: blockAlign)
            for c in 0..<channels { block[channels + 2 * c] = 16 }
            out.append(contentsOf: block)
        }
        return (out, blocks * perBlock)
    }

    /// A stereo MS ADPCM file whose length is 512 blocks decodes to its last frame, read in the
    /// pipeline's blocks (8192 frames): libsndfile 1.2.0 answered the read that asked for more
    /// than was left with nothing, and 2048 frames were lost with a false "truncated" warning.
    func testMSADPCMDecodesToItsLastFrame() throws {
        let dir = try TemporaryDirectory()
        let (data, frames) = msADPCM(channels: 2, sampleRate: 16000, blocks: 512)
        try data.write(to: dir.file("adpcm.wav"))
        let file = try SoundFile(path: dir.file("adpcm.wav").path)
        XCTAssertEqual(file.info.encoding, "ms_adpcm")
        XCTAssertEqual(file.info.frameCount, Int64(frames))
        let decoded = try decodeAll(file, blockFrames: 8192)
        XCTAssertEqual(decoded.map(\.count), [frames, frames])
        XCTAssertEqual(file.warnings, [])
    }

    func testStereoPCM16IsDeinterleavedInBlocks() throws {
        let dir = try TemporaryDirectory()
        let left = (0..<2500).map { Float($0 % 100) / 200 }
        let right = left.map { -$0 }
        try WAVWriter.write(channels: [left, right], sampleRate: 8000, to: dir.file("a.wav"))
        let file = try SoundFile(path: dir.file("a.wav").path)
        XCTAssertEqual(file.info.container, "wav")
        XCTAssertEqual(file.info.encoding, "pcm_s16")
        XCTAssertEqual(file.info.sampleRate, 8000)
        XCTAssertEqual(file.info.channelCount, 2)
        XCTAssertEqual(file.info.frameCount, 2500)
        let decoded = try decodeAll(file, blockFrames: 777)
        XCTAssertEqual(decoded[0].count, 2500)
        for i in stride(from: 0, to: 2500, by: 97) {
            XCTAssertEqual(decoded[0][i], left[i], accuracy: 1.0 / 32767, "left sample \(i)")
            XCTAssertEqual(decoded[1][i], right[i], accuracy: 1.0 / 32767, "right sample \(i)")
        }
    }

    /// The test writer's G.711 files decode as G.711 (within its quantisation: 1/16 of a segment),
    /// and their loudest codes decode below full scale, as `AudioFormatInfo.loudestSample` says.
    func testG711FilesDecodeToTheirLoudestSample() throws {
        let dir = try TemporaryDirectory()
        let ramp = (0..<2001).map { Float($0 - 1000) / 1000 }
        for (encoding, name) in [(WAVWriter.Encoding.muLaw, "ulaw"), (.aLaw, "alaw")] {
            try WAVWriter.write(channels: [ramp], sampleRate: 8000, encoding: encoding, to: dir.file("\(name).wav"))
            let file = try SoundFile(path: dir.file("\(name).wav").path)
            XCTAssertEqual(file.info.encoding, name)
            let decoded = try decodeAll(file)[0]
            XCTAssertEqual(decoded.count, ramp.count)
            for (x, y) in zip(ramp, decoded) {
                XCTAssertEqual(y, x, accuracy: max(abs(x) / 16, 1.0 / 2048), "\(name): \(x)")
            }
            XCTAssertEqual(decoded.max() ?? 0, file.info.loudestSample, "\(name): loudest code")
            XCTAssertEqual(decoded.min() ?? 0, -file.info.loudestSample, "\(name): loudest negative code")
        }
    }

    /// 8-bit PCM's loudest positive code decodes to 127/128, under the 0.999 of full scale that
    /// counts as clipped: `loudestSample` says so, and a signal clipped on its positive side
    /// only is counted against it (it was not at all: 0 runs).
    func testEightBitFilesDecodeToTheirLoudestSample() throws {
        let dir = try TemporaryDirectory()
        let rate: UInt32 = 8000
        // A 300 Hz sine at +6 dBFS, clipped on its positive side only, as unsigned 8-bit PCM.
        let samples = (0..<8000).map { n -> UInt8 in
            let x = 2 * sin(2 * Double.pi * 300 * Double(n) / Double(rate))
            return UInt8(max(0, min(255, (min(x, 1) * 128 + 128).rounded())))
        }
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36 + samples.count))
        data.append(contentsOf: Array("WAVEfmt ".utf8)); append(UInt32(16)); append(UInt16(1)); append(UInt16(1))
        append(rate); append(rate); append(UInt16(1)); append(UInt16(8))
        data.append(contentsOf: Array("data".utf8)); append(UInt32(samples.count))
        data.append(contentsOf: samples)
        try data.write(to: dir.file("u8.wav"))
        let file = try SoundFile(path: dir.file("u8.wav").path)
        XCTAssertEqual(file.info.encoding, "pcm_u8")
        XCTAssertEqual(file.info.loudestSample, 127 / 128)
        let decoded = try decodeAll(file)[0]
        XCTAssertEqual(decoded.max() ?? 0, file.info.loudestSample, "loudest positive code")
        // The clipped tops are what the loudness meter counts against `loudestSample` (as for
        // G.711: `LoudnessConformanceTests.testClippingIsCountedAtTheEncodingsLoudestSample`).
        XCTAssertGreaterThan(decoded.filter { $0 >= 0.999 * file.info.loudestSample }.count, 300 * 3)
        XCTAssertEqual(decoded.filter { $0 >= 0.999 }.count, 0, "against full scale, none")
    }

    func testFloatWAVKeepsValues() throws {
        let dir = try TemporaryDirectory()
        let samples: [Float] = [0, 0.25, -0.5, 0.999]
        try WAVWriter.write(channels: [samples], sampleRate: 16000, encoding: .float32, to: dir.file("f.wav"))
        let file = try SoundFile(path: dir.file("f.wav").path)
        XCTAssertEqual(file.info.encoding, "float32")
        XCTAssertEqual(try decodeAll(file)[0], samples)
    }

    func testEmptyFileIsReportedAsEmpty() throws {
        let dir = try TemporaryDirectory()
        _ = FileManager.default.createFile(atPath: dir.file("empty.wav").path, contents: Data())
        XCTAssertThrowsError(try SoundFile(path: dir.file("empty.wav").path)) { error in
            XCTAssertEqual((error as? AudioError)?.code, "audio.empty")
            XCTAssertTrue((error as? AudioError)?.localizedDescription.contains("empty.wav") ?? false)
        }
    }

    func testRandomBytesAreUnreadable() throws {
        let dir = try TemporaryDirectory()
        var random = SeededRandom(seed: 3)
        let bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        try Data(bytes).write(to: dir.file("noise.wav"))
        XCTAssertThrowsError(try SoundFile(path: dir.file("noise.wav").path)) { error in
            XCTAssertEqual((error as? AudioError)?.code, "audio.unreadable")
            XCTAssertTrue((error as? AudioError)?.localizedDescription.hasPrefix(dir.file("noise.wav").path) ?? false)
        }
    }

    /// An AppleDouble file (`._x.wav`, the macOS metadata a Mac writes beside each file on a
    /// share) named as a recording is said to be that, not audio: it read "Format not recognised."
    func testAnAppleDoubleFileIsNamedAsMacOSMetadata() throws {
        let dir = try TemporaryDirectory()
        let header = Data([0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00]) + Data("Mac OS X        ".utf8) + Data([0x00, 0x02])
        try (header + Data(count: 4000)).write(to: dir.file("._x.wav"))
        XCTAssertTrue(SoundFile.isAppleDouble(path: dir.file("._x.wav").path))
        XCTAssertThrowsError(try SoundFile(path: dir.file("._x.wav").path)) { error in
            XCTAssertEqual((error as? AudioError)?.code, "audio.unreadable")
            let text = (error as? AudioError)?.localizedDescription ?? ""
            XCTAssertTrue(text.hasPrefix(dir.file("._x.wav").path), text)
            XCTAssertTrue(text.contains("the file is macOS metadata, not audio (an AppleDouble file: it starts with the bytes 00 05 16 07"), text)
            XCTAssertTrue(text.contains("it describes 'x.wav'"), text)
        }
    }

    func testAFormatLibsndfileCannotReadSaysWhatItIsAndHowToConvertIt() throws {
        let dir = try TemporaryDirectory()
        // The start of an MP4 file: an `ftyp` box naming the M4A brand.
        var box = Data([0, 0, 0, 24]) + Data("ftypM4A ".utf8) + Data([0, 0, 2, 0]) + Data("M4A isom".utf8)
        box += Data(count: 1000)
        try box.write(to: dir.file("call.M4A"))
        XCTAssertThrowsError(try SoundFile(path: dir.file("call.M4A").path)) { error in
            XCTAssertEqual((error as? AudioError)?.code, "audio.unreadable")
            let text = (error as? AudioError)?.localizedDescription ?? ""
            XCTAssertTrue(text.hasPrefix(dir.file("call.M4A").path), text)
            XCTAssertTrue(text.contains("AAC audio in an MP4 container (.m4a)"), text)
            XCTAssertTrue(text.contains("ffmpeg -i in.m4a out.flac"), text)
        }
        // A checklist or a manifest where recordings go (a shell glob after --checklist) says so.
        try Data("id: inbound\nname: Inbound\n".utf8).write(to: dir.file("outbound.yml"))
        XCTAssertThrowsError(try SoundFile(path: dir.file("outbound.yml").path)) { error in
            let text = (error as? AudioError)?.localizedDescription ?? ""
            XCTAssertTrue(text.contains("a YAML file, not a recording: a checklist? Give each with its own --checklist"), text)
        }
        // The extension only explains a failure: a WAV file misnamed .m4a is read.
        try WAVWriter.write(channels: [[Float](repeating: 0.1, count: 1600)], sampleRate: 8000, to: dir.file("wav.m4a"))
        XCTAssertEqual(try SoundFile(path: dir.file("wav.m4a").path).info.channelCount, 1)
    }

    /// Headerless telephony recordings (Asterisk's `.ulaw`, `.alaw`, `.sln`) are named with the
    /// command that gives them a header (`InputCollectorTests`: a walk lists them).
    func testHeaderlessTelephonyAudioIsNamedWithItsConversion() throws {
        let dir = try TemporaryDirectory()
        let bytes = Data((0..<16000).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        for (name, words, command) in [
            ("call.ulaw", "headerless G.711 µ-law audio (.ulaw)", "sox -t ul -r 8000 -c 1 in.ulaw out.wav"),
            ("call.ALAW", "headerless G.711 A-law audio (.alaw)", "sox -t al -r 8000 -c 1 in.alaw out.wav"),
            ("call.sln", "headerless 16-bit linear PCM", "sox -t raw -e signed -b 16 -r 8000 -c 1 in.sln out.wav"),
        ] {
            try bytes.write(to: dir.file(name))
            XCTAssertThrowsError(try SoundFile(path: dir.file(name).path), name) { error in
                XCTAssertEqual((error as? AudioError)?.code, "audio.unreadable")
                let text = (error as? AudioError)?.localizedDescription ?? ""
                XCTAssertTrue(text.contains(words), text)
                XCTAssertTrue(text.contains(command), text)
            }
        }
    }

    /// What libsndfile cannot open is named by what it holds, whatever its name: a WAV file in a
    /// codec call recorders write (G.729, G.722: libsndfile called it "Malformed 'fmt ' chunk"),
    /// an M4A file named .wav and an error page saved as a recording ("Format not recognised.").
    func testAFileLibsndfileCannotReadIsNamedByWhatItHolds() throws {
        let dir = try TemporaryDirectory()
        func wav(tag: UInt16, subformat: UInt16? = nil) -> Data {
            var fmt = Data()
            func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { fmt.append(contentsOf: $0) } }
            func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { fmt.append(contentsOf: $0) } }
            u16(tag); u16(1); u32(8000); u32(1000); u16(10); u16(subformat == nil ? 0 : 16)
            if let subformat {
                u16(22); u16(16); u32(4); u16(subformat)
                fmt.append(contentsOf: [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71])
            } else {
                u16(0)
            }
            var body = Data("WAVEfmt ".utf8)
            withUnsafeBytes(of: UInt32(fmt.count).littleEndian) { body.append(contentsOf: $0) }
            body += fmt + Data("data".utf8) + Data([0x40, 0x1F, 0, 0]) + Data(repeating: 0x55, count: 8000)
            var file = Data("RIFF".utf8)
            withUnsafeBytes(of: UInt32(body.count).littleEndian) { file.append(contentsOf: $0) }
            return file + body
        }
        let mp4 = Data([0, 0, 0, 24]) + Data("ftypM4A ".utf8) + Data([0, 0, 2, 0]) + Data("M4A isom".utf8) + Data(count: 1000)
        let cases: [(String, Data, String)] = [
            ("g729.wav", wav(tag: 0x0083), "G.729 audio in a WAV file (format 0x0083), which callqa cannot decode; convert it to PCM first "
                + "(for example: ffmpeg -i in.wav -c:a pcm_s16le out.wav)"),
            ("g722.WAV", wav(tag: 0xFFFE, subformat: 0x0065), "G.722 ADPCM audio in a WAV file (format 0x0065), which callqa cannot decode; "
                + "convert it to PCM first (for example: ffmpeg -i in.wav -c:a pcm_s16le out.wav)"),
            ("other.wav", wav(tag: 0x0133), "a WAV file in a codec callqa cannot decode (format 0x0133); convert it to PCM first "
                + "(for example: ffmpeg -i in.wav -c:a pcm_s16le out.wav)"),
            ("m4a.wav", mp4, "AAC audio in an MP4 container (though named .wav), which callqa cannot decode; convert it to WAV or FLAC first "
                + "(for example: ffmpeg -i in.wav out.flac)"),
            ("page.wav", Data("<!DOCTYPE html>\n<html><body>404 Not Found</body></html>\n".utf8),
             "the file holds an HTML page, not audio (a download or an export that saved an error message instead of the recording?)"),
            ("note.mp3", Data("Registrazione non disponibile: riprovare più tardi".utf8),
             "the file holds text, not audio (a download or an export that saved an error message instead of the recording?)"),
        ]
        for (name, bytes, reason) in cases {
            try bytes.write(to: dir.file(name))
            XCTAssertThrowsError(try SoundFile(path: dir.file(name).path)) { error in
                XCTAssertEqual(error as? AudioError, .unreadable(path: dir.file(name).path, reason: reason), name)
            }
        }
        // A WAV file in a codec libsndfile decodes, but damaged, keeps libsndfile's word for it.
        var damaged = wav(tag: 0x0001)
        damaged[22] = 0  // no channels
        try damaged.write(to: dir.file("damaged.wav"))
        XCTAssertThrowsError(try SoundFile(path: dir.file("damaged.wav").path)) { error in
            let text = (error as? AudioError)?.localizedDescription ?? ""
            XCTAssertFalse(text.contains("callqa cannot decode"), text)
        }
    }

    /// 0.2 s of silence as ALAC in a CAF file, as `ffmpeg -f lavfi -i anullsrc=r=8000:cl=mono
    /// -t 0.2 -c:a alac -fflags +bitexact -map_metadata -1 x.caf` writes it: its `desc` chunk's
    /// format flags (bytes 32-35), where Apple's tools give the bit depth, are 0.
    private static let alacCAF: Data = {
        let hex = [
            "636166660001000064657363000000000000002040bf400000000000616c616300000000000000000000100000000001",
            "000000006368616e000000000000000c0064000100000000000000006b756b6900000000000000300000000c66726d61",
            "616c616300000024616c616300000000000010000010280a0e010000000020040001f40000001f406461746100000000",
            "0000001b0000000000001000000c8000000f080100000000000000ff831ff070616b7400000000000000190000000000",
            "0000010000000000001000000000000000000017",
        ].joined()
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return Data(bytes)
    }()

    /// A CAF file in a codec libsndfile does not decode said only "Supported file format but
    /// unsupported encoding." (ALAC as ffmpeg writes it, IMA ADPCM, Opus, ...), and an AU file in
    /// G.722 "Format not recognised.": each names its codec and the command that converts it,
    /// whatever the file's name. ALAC whose header gives the bit depth is decoded, as `alac_16`
    /// (it was reported as encoding `0x70`).
    func testACAFOrAUFileInACodecLibsndfileCannotDecodeIsNamedWithItsConversion() throws {
        let dir = try TemporaryDirectory()
        func caf(_ id: String, flags: UInt8 = 0) -> Data {
            var bytes = Self.alacCAF
            bytes.replaceSubrange(28..<32, with: Data(id.utf8))
            bytes[35] = flags
            return bytes
        }
        var au = Data(".snd".utf8)
        for word: UInt32 in [24, 8000, 24, 8000, 1] { withUnsafeBytes(of: word.bigEndian) { au.append(contentsOf: $0) } }
        au += Data(repeating: 0x55, count: 8000)
        let convert = "convert it to WAV or FLAC first (for example: ffmpeg -i in.caf out.flac)"
        let cases: [(String, Data, String)] = [
            ("alac.caf", Self.alacCAF, "ALAC (Apple Lossless) audio in a CAF file whose header gives no bit depth (format 'alac', as ffmpeg "
                + "writes it), which libsndfile, callqa's decoder, cannot decode; " + convert),
            ("ima4.caf", caf("ima4"), "IMA ADPCM audio in a CAF file (format 'ima4'), which callqa cannot decode; " + convert),
            ("aac.CAF", caf("aac "), "AAC audio in a CAF file (format 'aac '), which callqa cannot decode; "
                + "convert it to WAV or FLAC first (for example: ffmpeg -i in.caf out.flac)"),
            ("opus.wav", caf("opus"), "Opus audio in a CAF file (format 'opus', though named .wav), which callqa cannot decode; "
                + "convert it to WAV or FLAC first (for example: ffmpeg -i in.wav out.flac)"),
            ("other.caf", caf("zzzz"), "a CAF file in a codec callqa cannot decode (format 'zzzz'); " + convert),
            ("g722.au", au, "G.722 ADPCM audio in an AU file (encoding 24), which callqa cannot decode; convert it to PCM first "
                + "(for example: ffmpeg -i in.au -c:a pcm_s16le out.wav)"),
        ]
        for (name, bytes, reason) in cases {
            try bytes.write(to: dir.file(name))
            XCTAssertThrowsError(try SoundFile(path: dir.file(name).path), name) { error in
                XCTAssertEqual(error as? AudioError, .unreadable(path: dir.file(name).path, reason: reason), name)
                XCTAssertTrue((error as? AudioError)?.localizedDescription.hasPrefix(dir.file(name).path + ": cannot read as audio: ") ?? false)
            }
        }
        // The bit depth given (16 bits, as Apple's tools write it), libsndfile decodes it.
        try caf("alac", flags: 1).write(to: dir.file("apple.caf"))
        let apple = try SoundFile(path: dir.file("apple.caf").path)
        XCTAssertEqual(apple.info.container, "caf")
        XCTAssertEqual(apple.info.encoding, "alac_16")
    }

    /// A file cut short (a copy or an upload that stopped) still declares its whole length: the
    /// frame count is the header's, so that the call is reported as truncated, not scored as a
    /// shorter call without a word.
    func testACutShortFileDeclaresTheLengthItsHeaderGives() throws {
        let dir = try TemporaryDirectory()
        let samples = [Float](repeating: 0.1, count: 16000)
        try WAVWriter.write(channels: [samples, samples], sampleRate: 8000, to: dir.file("whole.wav"))
        let whole = try Data(contentsOf: dir.file("whole.wav"))
        try whole.prefix(whole.count / 2).write(to: dir.file("cut.wav"))
        XCTAssertEqual(try SoundFile(path: dir.file("whole.wav").path).info.frameCount, 16000)
        let cut = try SoundFile(path: dir.file("cut.wav").path)
        XCTAssertEqual(Double(cut.info.frameCount), 16000, accuracy: 20, "the header's 2 s, not the 1 s the file holds")
        XCTAssertEqual(Double(try decodeAll(cut)[0].count), 8000, accuracy: 40, "what the file holds is decoded")
    }

    /// RF64 (the WAV of recordings over 4 GB) and Wave64 cut short declare their whole length as
    /// WAV does: they were scored as shorter calls without a word (libsndfile logs their sizes
    /// in other words than WAV's `should be`).
    func testCutShortRF64AndW64FilesDeclareTheLengthTheirHeadersGive() throws {
        let dir = try TemporaryDirectory()
        let samples = [Float](repeating: 0.1, count: 16000)
        for (container, name) in [(WAVWriter.Container.rf64, "call.rf64"), (.w64, "call.w64")] {
            for encoding in [WAVWriter.Encoding.pcm16, .muLaw, .float32] {
                try WAVWriter.write(channels: [samples, samples], sampleRate: 8000, encoding: encoding, container: container, to: dir.file(name))
                let whole = try SoundFile(path: dir.file(name).path)
                XCTAssertEqual(whole.info.frameCount, 16000, "\(name) \(encoding)")
                XCTAssertEqual(try decodeAll(whole)[0].count, 16000, "\(name) \(encoding)")
                XCTAssertEqual(whole.warnings, [], "\(name) \(encoding)")
                let data = try Data(contentsOf: dir.file(name))
                try data.prefix(data.count / 2).write(to: dir.file("cut-" + name))
                let cut = try SoundFile(path: dir.file("cut-" + name).path)
                XCTAssertEqual(Double(cut.info.frameCount), 16000, accuracy: 1, "\(name) \(encoding): the header's 2 s")
                XCTAssertEqual(Double(try decodeAll(cut)[0].count), 8000, accuracy: 40, "\(name) \(encoding): what the file holds")
                XCTAssertEqual(cut.warnings, ["the header declares 2.0 s of audio but only 1.0 s could be decoded (a file cut short, or damaged at that point)"], "\(name) \(encoding)")
            }
        }
    }

    /// The sizes a recorder writes into a WAV header when the recording ends, or never: data
    /// declared as 0 bytes with audio after it (the recorder stopped, or is still recording) is
    /// unreadable, saying so (it read "lasts 0 ms"); 0xFFFFFFFF, a streaming recorder's "unknown",
    /// is read to the end without a warning (it read "the header declares 268435.5 s of audio");
    /// a size short of the audio that follows is read as declared, with a warning (the call was
    /// scored on its first part without a word).
    func testWAVHeaderSizesARecorderDidNotFinish() throws {
        let dir = try TemporaryDirectory()
        let samples = [Float](repeating: 0.1, count: 16000)
        let whole = WAVWriter.data(channels: [samples], sampleRate: 8000)
        func patched(_ name: String, riff: UInt32? = nil, data: UInt32) throws -> String {
            var bytes = whole
            if let riff { bytes.replaceSubrange(4..<8, with: withUnsafeBytes(of: riff.littleEndian) { Data($0) }) }
            bytes.replaceSubrange(40..<44, with: withUnsafeBytes(of: data.littleEndian) { Data($0) })
            try bytes.write(to: dir.file(name))
            return dir.file(name).path
        }
        for path in [try patched("zero.wav", data: 0), try patched("zeros.wav", riff: 0, data: 0)] {
            XCTAssertThrowsError(try SoundFile(path: path)) { error in
                XCTAssertEqual(error as? AudioError, .unreadable(
                    path: path,
                    reason: "the header says the recording holds no audio, but 32000 bytes follow it (about 2.0 s of audio): its header was "
                        + "never finished (the recorder stopped, or is still recording); once the recording has ended, rewrite the header "
                        + "(for example: sox --ignore-length in.wav out.wav) and score it again"))
            }
        }
        let streamed = try SoundFile(path: try patched("streamed.wav", riff: .max, data: .max))
        XCTAssertEqual(streamed.info.frameCount, 16000)
        XCTAssertEqual(try decodeAll(streamed)[0].count, 16000)
        XCTAssertEqual(streamed.warnings, [])
        let stale = try SoundFile(path: try patched("stale.wav", data: 4000))
        XCTAssertEqual(stale.info.frameCount, 2000)
        XCTAssertEqual(try decodeAll(stale)[0].count, 2000)
        XCTAssertEqual(stale.warnings, [
            "the file holds 28000 bytes after the 0.3 s of audio its header declares (about 1.8 s more): a header not updated when the "
                + "recording ended? Only what the header declares was scored; rewrite the header (for example: sox --ignore-length in.wav "
                + "out.wav) to score it all",
        ])
        // A recording with nothing in it, its tags after it, is not an unfinished header.
        var tagged = whole.prefix(40) + Data([0, 0, 0, 0]) + Data("LISTxxxx".utf8) + Data(repeating: 0x20, count: 2000)
        tagged.replaceSubrange(48..<52, with: withUnsafeBytes(of: UInt32(2000).littleEndian) { Data($0) })
        try tagged.write(to: dir.file("tagged.wav"))
        let empty = try SoundFile(path: dir.file("tagged.wav").path)
        XCTAssertEqual(empty.info.frameCount, 0)
        XCTAssertEqual(try decodeAll(empty)[0].count, 0)
    }

    /// An Ogg file (Vorbis, Opus) cut short does not say how long it is: libsndfile reads the
    /// length from the last page. What it holds is read, and the warning says the end is missing
    /// (it read "the header declares 576460752303423.5 s of audio").
    func testAnOggFileCutShortHasNoLengthAndSaysSo() throws {
        let dir = try TemporaryDirectory()
        for (fixture, seconds) in [("calls/ro_hold_vorbis16k.ogg", 40.0), ("formats/opus_48k.opus", 4.92)] {
            let whole = try SoundFile(path: Fixtures.url(fixture).path)
            XCTAssertTrue(whole.info.lengthKnown, fixture)
            XCTAssertEqual(whole.info.durationSeconds, seconds, accuracy: 0.05, fixture)
            let data = try Data(contentsOf: Fixtures.url(fixture))
            let name = (fixture as NSString).lastPathComponent
            try data.prefix(data.count / 2).write(to: dir.file(name))
            let cut = try SoundFile(path: dir.file(name).path)
            XCTAssertFalse(cut.info.lengthKnown, fixture)
            XCTAssertEqual(cut.info.frameCount, 0, fixture)
            let decoded = Double(try decodeAll(cut)[0].count) / Double(cut.info.sampleRate)
            XCTAssertEqual(decoded, seconds / 2, accuracy: seconds / 5, fixture)
            XCTAssertEqual(cut.warnings, [
                "the file does not say how long it is (its end is missing or damaged); \((decoded * 10).rounded() / 10) s could be decoded (a file cut short, or damaged at that point)",
            ], fixture)
        }
    }

    /// A FLAC file cut short is read up to where it stops, as a WAV file is (its decoder's "lost
    /// sync" at the end of the file failed the call: `audio.decode_failed`); damage part-way
    /// is still a decoding error, which says where.
    func testAFLACFileCutShortIsReadUpToWhereItStops() throws {
        let dir = try TemporaryDirectory()
        let data = try Data(contentsOf: Fixtures.url("calls/en_outbound_flac16k.flac"))
        for share in [0.1, 0.5, 0.99] {
            try data.prefix(Int(Double(data.count) * share)).write(to: dir.file("cut.flac"))
            let cut = try SoundFile(path: dir.file("cut.flac").path)
            XCTAssertEqual(cut.info.durationSeconds, 32, "\(share): the header's length")
            let decoded = Double(try decodeAll(cut)[0].count) / 16000
            XCTAssertEqual(decoded, 32 * share, accuracy: 1.5, "\(share)")
            XCTAssertEqual(cut.warnings, [
                "the header declares 32.0 s of audio but only \((decoded * 10).rounded() / 10) s could be decoded (a file cut short, or damaged at that point)",
            ], "\(share)")
        }
        var damaged = data
        damaged.replaceSubrange(data.count / 2..<(data.count / 2 + 50_000), with: Data(count: 50_000))
        try damaged.write(to: dir.file("damaged.flac"))
        let file = try SoundFile(path: dir.file("damaged.flac").path)
        XCTAssertThrowsError(try decodeAll(file)) { error in
            XCTAssertEqual((error as? AudioError)?.code, "audio.decode_failed")
            let text = (error as? AudioError)?.localizedDescription ?? ""
            XCTAssertTrue(text.hasPrefix(dir.file("damaged.flac").path + ": decoding failed part-way: "), text)
            XCTAssertNotNil(text.range(of: #", at 1[4-7]\.\d s$"#, options: .regularExpression), text)
            XCTAssertFalse(text.contains("Error : "), text)
        }
    }

    func testMissingFileIsUnreadable() {
        XCTAssertThrowsError(try SoundFile(path: "/nonexistent/call.wav")) { error in
            XCTAssertEqual((error as? AudioError)?.code, "audio.unreadable")
        }
    }

    /// A link to nothing and a loop of links are each named for what they are (a loop read "a
    /// symbolic link to a file that does not exist").
    func testBrokenSymbolicLinksSayWhatIsWrong() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: dir.file("gone.wav").path, withDestinationPath: dir.file("nowhere.wav").path)
        try FileManager.default.createSymbolicLink(atPath: dir.file("loop.wav").path, withDestinationPath: dir.file("loop.wav").path)
        for (name, reason) in [("gone.wav", "a symbolic link to a file that does not exist"),
                               ("loop.wav", "a loop of symbolic links (a link that leads back to itself)")] {
            XCTAssertThrowsError(try SoundFile(path: dir.file(name).path)) { error in
                XCTAssertEqual(error as? AudioError, .unreadable(path: dir.file(name).path, reason: reason), name)
            }
        }
    }

    func testMoreThanTwoChannelsIsRejected() throws {
        let dir = try TemporaryDirectory()
        let ch = [Float](repeating: 0.1, count: 800)
        try WAVWriter.write(channels: [ch, ch, ch], sampleRate: 8000, to: dir.file("three.wav"))
        XCTAssertThrowsError(try SoundFile(path: dir.file("three.wav").path)) { error in
            XCTAssertEqual((error as? AudioError)?.code, "audio.unsupported_layout")
            XCTAssertTrue((error as? AudioError)?.localizedDescription.contains("3 channels") ?? false)
        }
    }

    func testSampleRateBelowEightKilohertzIsRejected() throws {
        let dir = try TemporaryDirectory()
        try WAVWriter.write(channels: [[Float](repeating: 0, count: 100)], sampleRate: 4000, to: dir.file("low.wav"))
        XCTAssertThrowsError(try SoundFile(path: dir.file("low.wav").path)) { error in
            XCTAssertEqual((error as? AudioError)?.code, "audio.unsupported_layout")
        }
    }

    /// libsndfile's MP3 decoder is kept quiet in this process (the `mpg123_new` of CMPG123Quiet
    /// is the one the dynamic linker binds), so its notes on damaged input never reach standard
    /// error (HostileInputTests.testADamagedMP3LeavesStandardErrorToCallqa runs the binary).
    func testTheMP3DecoderIsKeptQuiet() {
        XCTAssertTrue(SoundFile.decoderMessagesSilenced)
    }
}
