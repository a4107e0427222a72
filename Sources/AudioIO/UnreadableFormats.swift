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
        "vox": "headerless Dialogic ADPCM (VOX)",
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

    /// Why `path` cannot be read, when its extension names a format of `byExtension`: what the
    /// format is and how to convert it; nil otherwise.
    static func reason(for path: String) -> String? {
        let ext = fileExtension(path)
        if let hint = notRecordings[ext == "yml" ? "yaml" : ext] { return hint }
        guard let format = byExtension[ext] else { return nil }
        let target = ext == "vox" ? "sox -t vox -r 8000 in.vox out.wav" : "ffmpeg -i in.\(ext) out.flac"
        return "\(format) (.\(ext)), which callqa cannot decode; convert it to WAV or FLAC first "
            + "(for example: \(target))"
    }
}
