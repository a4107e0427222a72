/// Audio formats that call recorders and phone systems commonly write but that libsndfile does
/// not read. A file with one of these extensions is not skipped when a directory is walked: it is
/// listed, so that its call gets an error saying what to do instead of going missing.
public enum UnreadableFormats {
    /// Lower-case file name extension -> what the format is, in words a QA analyst knows.
    public static let byExtension: [String: String] = [
        "m4a": "AAC audio in an MP4 container",
        "mp4": "an MP4 container",
        "aac": "AAC audio",
        "wma": "Windows Media Audio",
        "asf": "Windows Media Audio",
        "amr": "AMR speech",
        "3gp": "AMR or AAC audio in a 3GPP container",
        "webm": "a WebM container",
        "mka": "a Matroska container",
        "ac3": "Dolby Digital audio",
        "ape": "Monkey's Audio",
        "wv": "WavPack audio",
        "spx": "Speex audio",
    ].merging(headerless.mapValues(\.format)) { listed, _ in listed }

    /// Headerless telephony audio, as Asterisk and other PBXs record it (MixMonitor's `ulaw`,
    /// `alaw`, `sln` formats), by extension: what it is, and the command that converts it (its
    /// rate and encoding are not in the file: those its PBX writes). A walk skipped such files in
    /// silence, and a folder of them was "no audio files found", status 0, every night.
    static let headerless: [String: (format: String, conversion: String)] = [
        "ul": ("headerless G.711 µ-law audio", "sox -t ul -r 8000 -c 1 in.ul out.wav"),
        "ulaw": ("headerless G.711 µ-law audio", "sox -t ul -r 8000 -c 1 in.ulaw out.wav"),
        "mulaw": ("headerless G.711 µ-law audio", "sox -t ul -r 8000 -c 1 in.mulaw out.wav"),
        "pcmu": ("headerless G.711 µ-law audio", "sox -t ul -r 8000 -c 1 in.pcmu out.wav"),
        "al": ("headerless G.711 A-law audio", "sox -t al -r 8000 -c 1 in.al out.wav"),
        "alaw": ("headerless G.711 A-law audio", "sox -t al -r 8000 -c 1 in.alaw out.wav"),
        "pcma": ("headerless G.711 A-law audio", "sox -t al -r 8000 -c 1 in.pcma out.wav"),
        "sln": ("headerless 16-bit linear PCM (Asterisk's signed linear, 8 kHz)", "sox -t raw -e signed -b 16 -r 8000 -c 1 in.sln out.wav"),
        "sln16": ("headerless 16-bit linear PCM (Asterisk's signed linear, 16 kHz)", "sox -t raw -e signed -b 16 -r 16000 -c 1 in.sln16 out.wav"),
        "g729": ("headerless G.729 audio", "ffmpeg -f g729 -i in.g729 out.wav"),
        "g722": ("headerless G.722 audio", "ffmpeg -f g722 -i in.g722 out.wav"),
        "vox": ("headerless Dialogic ADPCM (VOX)", "sox -t vox -r 8000 in.vox out.wav"),
    ]

    /// Files callqa reads that are no recordings, when named where recordings go (a shell glob
    /// after `--checklist` passes its first match to the option and the others as recordings):
    /// extension -> what to do. Never listed when a directory is walked.
    static let notRecordings: [String: String] = [
        "yaml": "a YAML file, not a recording: a checklist? Give each with its own --checklist "
            + "(after --checklist, a shell glob passes only its first match to the option)",
        "csv": "a CSV file, not a recording: a manifest? Give it with --manifest",
        "jsonl": "a JSON Lines file, not a recording: a manifest? Give it with --manifest",
    ]

    /// The lower-case extension of the last component of `path` ("" when it has none).
    static func fileExtension(_ path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// WAV format tags (`fmt ` chunk) of codecs that call recorders write and libsndfile does not
    /// decode, in words a QA analyst knows. libsndfile says "Malformed 'fmt ' chunk" of them.
    static let wavCodecs: [UInt16: String] = [
        0x0014: "G.723 ADPCM",
        0x0022: "DSP Group TrueSpeech",
        0x0042: "G.723.1",
        0x0045: "G.726 ADPCM",
        0x0064: "G.726 ADPCM",
        0x0065: "G.722 ADPCM",
        0x0083: "G.729",
        0x00FF: "AAC",
        0x028F: "G.722",
        0x0160: "Windows Media Audio",
        0x0161: "Windows Media Audio",
        0x0162: "Windows Media Audio",
        0x0163: "Windows Media Audio",
        0x1600: "AAC",
        0x1610: "AAC",
    ]

    /// WAV format tags libsndfile decodes (PCM, ADPCM, float, A-law, µ-law, GSM 6.10, G.721,
    /// MPEG): a WAV file with one of these that libsndfile refuses is damaged, not in another codec.
    static let decodedWAVTags: Set<UInt16> = [0x0001, 0x0002, 0x0003, 0x0006, 0x0007, 0x0011, 0x0031, 0x0040, 0x0050, 0x0055]

    /// CAF (Core Audio Format) audio format IDs (its `desc` chunk's) of codecs that iPhones,
    /// Macs and ffmpeg write into CAF files, in words a QA analyst knows. libsndfile decodes CAF
    /// files of PCM, µ-law, A-law, and ALAC whose header gives its bit depth; of the others it
    /// says "Supported file format but unsupported encoding."
    static let cafCodecs: [String: String] = [
        "alac": "ALAC (Apple Lossless)",
        "aac ": "AAC",
        "aach": "HE-AAC",
        "aacp": "HE-AAC v2",
        "aacl": "AAC-LD",
        "aace": "AAC-ELD",
        "ima4": "IMA ADPCM",
        "samr": "AMR speech",
        "sawb": "AMR-WB speech",
        "ilbc": "iLBC speech",
        "Qclp": "QCELP speech",
        "agsm": "GSM 6.10",
        "opus": "Opus",
        "flac": "FLAC",
        ".mp1": "MPEG audio layer I",
        ".mp2": "MPEG audio layer II",
        ".mp3": "MP3",
        "MAC3": "MACE 3:1",
        "MAC6": "MACE 6:1",
        "QDM2": "QDesign",
        "QDMC": "QDesign",
    ]

    /// CAF format IDs libsndfile decodes (ALAC only with format flags 1-4, the bit depth: see
    /// `cafFormat`): a CAF file with one of these that libsndfile refuses is damaged.
    static let decodedCAFFormats: Set<String> = ["lpcm", "ulaw", "alaw"]

    /// AU (Sun/NeXT `.snd`) encodings of codecs that libsndfile does not decode, in words a QA
    /// analyst knows. libsndfile says "Format not recognised." of them.
    static let auCodecs: [UInt32: String] = [24: "G.722 ADPCM"]

    /// AU encodings libsndfile decodes: µ-law, PCM (8-32 bit), float, double, G.721, G.723 (24
    /// and 40 kbit/s), A-law.
    static let decodedAUEncodings: Set<UInt32> = [1, 2, 3, 4, 5, 6, 7, 23, 25, 26, 27]

    /// The audio format ID and format flags of a CAF file's `desc` chunk (its first chunk, as
    /// the format requires), when `head` holds it. The ID is its four characters, or `0x` and
    /// eight hex digits when they are not printable ASCII.
    static func cafFormat(_ head: [UInt8]) -> (id: String, flags: UInt32)? {
        guard head.count >= 36, head.starts(with: Array("caff".utf8)), Array(head[8..<12]) == Array("desc".utf8) else { return nil }
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 << 8 | UInt32(head[at + $1]) } }
        let id = head[28..<32]
        let printable = id.allSatisfy { (0x20...0x7E).contains($0) }
        let hex = String(u32(28), radix: 16, uppercase: true)
        return (printable ? String(decoding: id, as: UTF8.self) : "0x" + String(repeating: "0", count: 8 - hex.count) + hex, u32(32))
    }

    /// The encoding of an AU file's header, when `head` holds it.
    static func auEncoding(_ head: [UInt8]) -> UInt32? {
        guard head.count >= 16, head.starts(with: Array(".snd".utf8)) else { return nil }
        return (12..<16).reduce(0) { $0 << 8 | UInt32(head[$1]) }
    }

    /// The first bytes of an AppleDouble file: the `._name` file a Mac writes beside `name` on a
    /// shared drive or a FAT/exFAT disk, holding the file's resource fork and Finder metadata.
    public static let appleDoubleMagic: [UInt8] = [0x00, 0x05, 0x16, 0x07]

    /// Whether `head` (a file's first bytes) starts as an AppleDouble file does.
    public static func isAppleDouble(_ head: [UInt8]) -> Bool {
        head.starts(with: appleDoubleMagic)
    }

    /// The name of the file an AppleDouble file named `._name` describes (`name`, in the same
    /// folder); nil for other names. `path` may be a name or a path.
    public static func appleDoubleCompanionName(of path: String) -> String? {
        guard let name = path.split(separator: "/", omittingEmptySubsequences: false).last, name.hasPrefix("._"), name.count > 2
        else { return nil }
        return String(name.dropFirst(2))
    }

    /// Why a file libsndfile cannot open cannot be read, from its first bytes (`head`): a WAV
    /// file in a codec libsndfile does not decode (G.729, G.726, G.722, AAC: libsndfile called it
    /// malformed), a CAF or AU file in one (ALAC as ffmpeg writes it, AAC, IMA ADPCM, Opus in
    /// CAF, G.722 in AU: "Supported file format but unsupported encoding", "Format not
    /// recognised"), a format of `byExtension` under another name (an M4A file named `.wav`:
    /// "Format not recognised"), or text (an error page saved by a download). nil when they say
    /// nothing.
    static func reason(forContent head: [UInt8], path: String) -> String? {
        let ext = fileExtension(path)
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + magic.count && Array(head[offset..<(offset + magic.count)]) == magic
        }
        if isAppleDouble(head) {
            // It read "Format not recognised."; a Mac writes one beside every file it copies to a share.
            let companion = appleDoubleCompanionName(of: path)
            return "the file is macOS metadata, not audio (an AppleDouble file: it starts with the bytes 00 05 16 07, as the "
                + "'._' files a Mac writes beside each file it copies to a shared or FAT/exFAT drive do)"
                + (companion.map { "; it describes '\($0)'" } ?? "")
                + "; leave it out (a folder walk skips such a file when the file it describes is beside it)"
        }
        if let tag = wavFormatTag(head), !decodedWAVTags.contains(tag) {
            let digits = String(tag, radix: 16, uppercase: true)
            let hex = "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
            return (wavCodecs[tag].map { "\($0) audio in a WAV file (format \(hex)), which callqa cannot decode" }
                ?? "a WAV file in a codec callqa cannot decode (format \(hex))")
                + "; convert it to PCM first "
                + "(for example: ffmpeg -i in.\(ext.isEmpty ? "wav" : ext) -c:a pcm_s16le out.wav)"
        }
        // A CAF file (iPhones and Macs record to it) in a codec libsndfile does not decode: it
        // said "Supported file format but unsupported encoding." and no more.
        if let caf = cafFormat(head), !decodedCAFFormats.contains(caf.id), caf.id != "alac" || !(1...4).contains(caf.flags) {
            let named = ["", "caf"].contains(ext) ? "" : ", though named .\(ext)"
            let id = caf.id.count == 4 ? "'\(caf.id)'" : caf.id
            let what: String
            if caf.id == "alac" {
                // Decoded when its header gives the bit depth (format flags 1-4, as Apple's tools
                // write it); ffmpeg writes 0, and libsndfile then reads none of it.
                what = "ALAC (Apple Lossless) audio in a CAF file whose header gives "
                    + (caf.flags == 0 ? "no bit depth (format 'alac', as ffmpeg writes it" : "an unknown bit depth (format 'alac', flags \(caf.flags)")
                    + "\(named)), which libsndfile, callqa's decoder, cannot decode"
            } else if let codec = cafCodecs[caf.id] {
                what = "\(codec) audio in a CAF file (format \(id)\(named)), which callqa cannot decode"
            } else {
                what = "a CAF file in a codec callqa cannot decode (format \(id)\(named))"
            }
            return what + "; convert it to WAV or FLAC first (for example: ffmpeg -i in.\(ext.isEmpty ? "caf" : ext) out.flac)"
        }
        // An AU file in a codec libsndfile does not decode (G.722): "Format not recognised."
        if let encoding = auEncoding(head), !decodedAUEncodings.contains(encoding) {
            return (auCodecs[encoding].map { "\($0) audio in an AU file (encoding \(encoding)), which callqa cannot decode" }
                ?? "an AU file in an encoding callqa cannot decode (encoding \(encoding))")
                + "; convert it to PCM first (for example: ffmpeg -i in.\(ext.isEmpty ? "au" : ext) -c:a pcm_s16le out.wav)"
        }
        let format: String?
        if starts(Array("ftyp".utf8), at: 4) {
            format = starts(Array("3g".utf8), at: 8) ? byExtension["3gp"] : byExtension["m4a"]
        } else if starts([0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11]) {
            format = byExtension["wma"]
        } else if starts(Array("#!AMR".utf8)) {
            format = byExtension["amr"]
        } else if starts([0x1A, 0x45, 0xDF, 0xA3]) {
            format = "a WebM or Matroska container"
        } else if starts(Array("OggS".utf8)), head.count >= 36, starts(Array("Speex   ".utf8), at: 28) {
            format = byExtension["spx"]
        } else {
            format = nil
        }
        if let format {
            return "\(format)\(ext.isEmpty ? "" : " (though named .\(ext))"), which callqa cannot decode; "
                + "convert it to WAV or FLAC first (for example: ffmpeg -i in.\(ext.isEmpty ? "wav" : ext) out.flac)"
        }
        if isText(head) {
            let markup = String(decoding: head.prefix(64), as: UTF8.self).lowercased()
            let what = markup.contains("<html") || markup.contains("<!doctype html") ? "an HTML page" : "text"
            return "the file holds \(what), not audio (a download or an export that saved an error message instead of the recording?)"
        }
        return nil
    }

    /// Why a WAV file whose `data` chunk declares 0 bytes, with audio after it, is not read: a
    /// recorder writes the sizes when the recording ends, so its header was never finished (the
    /// recorder stopped, or is still recording). libsndfile reads 0 frames of it: the call read
    /// "lasts 0 ms". nil for other files (`head`: the file's first bytes).
    static func unfinishedWAVHeader(_ head: [UInt8], fileSize: Int64) -> String? {
        guard let chunks = wavChunks(head), let index = chunks.firstIndex(where: { $0.id == "data" }), chunks[index].size == 0 else { return nil }
        let data = chunks[index]
        let following = fileSize - Int64(data.offset + 8)
        // What follows may be another chunk (a LIST of tags after an empty recording), not audio.
        let nextIsChunk = index + 1 < chunks.count
            && chunks[index + 1].id.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == " " || ("0"..."9").contains($0) }
        guard following > 0, !nextIsChunk else { return nil }
        var length = ""
        if let fmt = chunks.first(where: { $0.id == "fmt " }), fmt.offset + 16 <= head.count {
            let byteRate = (0..<4).reduce(0) { $0 | Int64(head[fmt.offset + 16 + $1]) << (8 * $1) }
            if byteRate > 0 { length = " (about \((Double(following) / Double(byteRate) * 10).rounded() / 10) s of audio)" }
        }
        return "the header says the recording holds no audio, but \(following) bytes follow it\(length): its header was never finished "
            + "(the recorder stopped, or is still recording); once the recording has ended, rewrite the header "
            + "(for example: sox --ignore-length in.wav out.wav) and score it again"
    }

    /// Audio a WAV file holds after the `data` chunk its header declares: a recorder that wrote
    /// the sizes part-way (or a copy that was appended to) and stopped before writing them again;
    /// libsndfile reads what the header declares, so the call was scored on its first part
    /// without a word. The bytes and, when the header gives a byte rate, the seconds; nil when
    /// nothing, or another chunk (tags), follows the data. `bytes(at:)` reads 4 bytes of the file.
    static func undeclaredWAVAudio(
        _ head: [UInt8], fileSize: Int64, bytes: (Int64) -> [UInt8]
    ) -> (bytes: Int64, seconds: Double?)? {
        guard let chunks = wavChunks(head), let data = chunks.first(where: { $0.id == "data" }), data.size > 0,
            data.size != Int(UInt32.max) else { return nil }
        let end = Int64(data.offset + 8 + data.size + data.size % 2)
        let following = fileSize - end
        var byteRate: Int64 = 0
        if let fmt = chunks.first(where: { $0.id == "fmt " }), fmt.offset + 16 <= head.count {
            byteRate = (0..<4).reduce(0) { $0 | Int64(head[fmt.offset + 16 + $1]) << (8 * $1) }
        }
        // Under 0.1 s (or 1 KB) is padding or a stray byte, not a part of the call.
        guard following >= max(1024, byteRate / 10) else { return nil }
        let id = bytes(end)
        if id.count == 4, id.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x20 }) {
            return nil
        }
        return (following, byteRate > 0 ? Double(following) / Double(byteRate) : nil)
    }

    /// The chunks of a RIFF/WAVE (or RF64) file that start within `head`: id, offset of the chunk
    /// header, and declared size. nil when `head` is not the start of such a file.
    static func wavChunks(_ head: [UInt8]) -> [(id: String, offset: Int, size: Int)]? {
        guard head.count >= 12, ["RIFF", "RF64"].contains(String(decoding: head[0..<4], as: UTF8.self)),
            String(decoding: head[8..<12], as: UTF8.self) == "WAVE" else { return nil }
        var chunks: [(id: String, offset: Int, size: Int)] = []
        var offset = 12
        while offset + 8 <= head.count {
            let size = (0..<4).reduce(0) { $0 | Int(head[offset + 4 + $1]) << (8 * $1) }
            chunks.append((String(decoding: head[offset..<(offset + 4)], as: UTF8.self), offset, size))
            offset += 8 + size + size % 2
        }
        return chunks
    }

    /// The format tag of a RIFF/WAVE file's `fmt ` chunk (for WAVE_FORMAT_EXTENSIBLE, its
    /// sub-format's), when `head` holds it.
    static func wavFormatTag(_ head: [UInt8]) -> UInt16? {
        guard let fmt = wavChunks(head)?.first(where: { $0.id == "fmt " }) else { return nil }
        func u16(_ at: Int) -> UInt16? { at + 2 <= head.count ? UInt16(head[at]) | UInt16(head[at + 1]) << 8 : nil }
        guard let tag = u16(fmt.offset + 8) else { return nil }
        return tag == 0xFFFE && fmt.size >= 26 ? u16(fmt.offset + 8 + 24) : tag
    }

    /// Whether `head` (not empty) is text: UTF-8 without control characters other than tab, line
    /// feed and carriage return (a multi-byte character cut at the end counts as text).
    static func isText(_ head: [UInt8]) -> Bool {
        guard !head.isEmpty else { return false }
        if head.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }) { return false }
        // A character of up to 4 bytes may be cut by the end of `head`.
        return (0...min(3, head.count - 1)).contains { String(validating: head.dropLast($0), as: UTF8.self) != nil }
    }

    /// Why `path` cannot be read, when its extension names a format of `byExtension`: what the
    /// format is and how to convert it; nil otherwise.
    static func reason(for path: String) -> String? {
        let ext = fileExtension(path)
        if let hint = notRecordings[ext == "yml" ? "yaml" : ext] { return hint }
        guard let format = byExtension[ext] else { return nil }
        let target = headerless[ext]?.conversion ?? "ffmpeg -i in.\(ext) out.flac"
        return "\(format) (.\(ext)), which callqa cannot decode; convert it to WAV or FLAC first "
            + "(for example: \(target))"
    }
}
