import AudioIO
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Problems with the inputs named on the command line (usage errors, exit status 2).
public enum InputError: Error, LocalizedError, Equatable {
    /// A path named on the command line does not exist.
    case missing(path: String)
    /// A folder named on the command line cannot be listed (permission denied).
    case unreadableFolder(path: String)
    /// Standard input named as a recording (`-`, or `/dev/stdin` fed by a pipe; see
    /// `InputFile.isStandardInputStream`) to `command` (`score`, `loudness`): a recording is read
    /// from a file. The two commands refuse it in the same words.
    case standardInput(path: String, command: String)

    public var errorDescription: String? {
        switch self {
        case .standardInput(let path, let command):
            // `score -` read "-: no such file or directory" and `loudness -` "-: cannot read as
            // audio: no such file"; `/dev/stdin` fed by a pipe, "not a regular file", a failed
            // call (status 1). libsndfile and callqa's own checks read a file's header, its
            // length and its end, and reopen it: a pipe gives its bytes once, in order.
            "\(path == "-" ? "'-'" : path) (standard input\(path == "-" ? "" : ", not a file")) is no recording: callqa reads each "
                + "recording from a file, at several places (its header, its length, its end), which a pipe cannot give; save the "
                + "audio to a file and name it (for example: ffmpeg -i in.m4a call.wav, then callqa \(command) call.wav)"
                + (command == "score"
                    ? "; to score a list of recordings from standard input, give it as a manifest: --manifest - (a first line "
                        + "'path', then one file a line) (nothing was scored)"
                    : " (nothing was measured)")
        case .missing(let path): "\(path): no such file or directory; name an existing recording or folder (nothing was scored)"
        case .unreadableFolder(let path):
            "\(path): a folder that cannot be read (permission denied): its recordings cannot be listed (nothing was scored)"
        }
    }
}

/// Expands the paths named on the command line into the recordings to score.
public enum InputCollector {
    /// File name extensions (lower case) of the audio formats callqa reads when walking a
    /// directory. Files named explicitly are always tried, whatever their extension; so are, in a
    /// walked directory, those of `UnreadableFormats` (each is then reported as an error, not
    /// lost).
    public static let audioExtensions: Set<String> = [
        "wav", "wave", "flac", "ogg", "oga", "opus", "mp3", "au", "snd", "aif", "aiff", "aifc",
        "w64", "rf64", "caf", "gsm",
    ]

    /// `glob` and, when it has `**/`, the glob with those folders taken as none (`**/*.wav` is
    /// also `*.wav`, `a/**/b.wav` also `a/b.wav`); a `*` matches across folders as it is.
    static func anyFolders(_ glob: String) -> [String] {
        var none = glob.replacingOccurrences(of: "/**/", with: "/")
        while none.hasPrefix("**/") { none.removeFirst(3) }
        return none == glob ? [glob] : [glob, none]
    }

    /// The recordings `collect` found, and the macOS metadata files it left out.
    public struct Collected: Sendable, Equatable {
        /// The recordings to score, as `collect` returns them.
        public var recordings: [String]
        /// AppleDouble files (`._x.wav`, starting with the bytes 00 05 16 07) found in walked
        /// folders beside their recording (`x.wav`), and left out, sorted.
        public var appleDoubleSkipped: [String]
    }

    /// The recordings under `paths` (see `collectSkipping`).
    public static func collect(
        _ paths: [String], include: [String] = [], exclude: [String] = [],
        readable isReadableFolder: (String) -> Bool = InputCollector.isReadableFolder
    ) throws(InputError) -> [String] {
        try collectSkipping(paths, include: include, exclude: exclude, readable: isReadableFolder).recordings
    }

    /// The recordings under `paths`: files as given; directories walked recursively (following
    /// no symbolic links to directories, so link loops cannot trap the walk) for files with an
    /// audio extension that match one of `include` (when given) and none of `exclude`. Globs
    /// (`*`, `?`, `[...]`) are matched against the path below the walked directory and against the
    /// file name, so `*.wav` and `2026-11-*/agent*` both work. Sorted, without duplicates: a file
    /// named or found under several spellings (`a.wav` and `/abs/a.wav`, a symbolic link, a hard
    /// link) is listed once, under the spelling met first (in the order of `paths`, then of the
    /// paths below each directory); different files are never merged, whatever the Unicode form
    /// of their names (`FileIdentity`).
    ///
    /// - Throws: `InputError.missing` for a path that does not exist (a symbolic link to nothing
    ///   is listed, to be reported as unreadable), `InputError.standardInput` for standard input
    ///   (`-`, `/dev/stdin` fed by a pipe), `InputError.unreadableFolder` for a folder named that
    ///   cannot be read. A folder below one that cannot be read is listed, to be
    ///   reported as unreadable.
    ///
    /// In a walked folder, an AppleDouble file (`._x.wav`: the macOS metadata a Mac writes beside
    /// each file it copies to a share, starting with the bytes 00 05 16 07) beside its recording
    /// `x.wav` is left out and returned in `appleDoubleSkipped`: each failed as "Format not
    /// recognised", and a nightly run exited 1. Named on the command line, it is listed (and its
    /// error says what it is).
    public static func collectSkipping(
        _ paths: [String], include: [String] = [], exclude: [String] = [],
        readable isReadableFolder: (String) -> Bool = InputCollector.isReadableFolder
    ) throws(InputError) -> Collected {
        // `**/` stands for any folders, none included, as in .gitignore and shells with globstar:
        // `**/*.wav` left out the .wav files at the top of the folder named.
        let include = include.flatMap(anyFolders), exclude = exclude.flatMap(anyFolders)
        // Extensions match in any case, as the walk reads them (`A.WAV` is audio) and as
        // `--name-pattern` does: `--include '*.wav'` on a recorder's `.WAV` files kept none (a
        // nightly run scored nothing, with status 0), and `--exclude '*.wav'` let them through.
        func matches(_ globs: [String], _ relative: String) -> Bool {
            let name = PathName.lastComponent(relative)
            let folded = extensionLowercased(relative), foldedName = PathName.lastComponent(folded)
            return globs.contains { glob in
                if fnmatch(glob, relative, 0) == 0 || fnmatch(glob, name, 0) == 0 { return true }
                let foldedGlob = extensionLowercased(glob)
                return fnmatch(foldedGlob, folded, 0) == 0 || fnmatch(foldedGlob, foldedName, 0) == 0
            }
        }
        var found: [String] = []
        var appleDouble: [String] = []
        var seen = Set<FileIdentity>()
        func add(_ path: String) {
            let normalized = normalize(path)
            if seen.insert(FileIdentity(path: normalized)).inserted { found.append(normalized) }
        }
        let manager = FileManager.default
        for path in paths {
            if InputFile.isStandardInputStream(path) { throw .standardInput(path: path, command: "score") }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                // A symbolic link to nothing (or a loop of links) is there: its call is reported as
                // unreadable and the batch goes on, as for one found in a directory (`*.wav` naming
                // one stopped the whole run, status 2).
                if (try? manager.destinationOfSymbolicLink(atPath: path)) != nil {
                    add(path)
                    continue
                }
                throw .missing(path: path)
            }
            if !isDirectory.boolValue {
                add(path)
                continue
            }
            guard isReadableFolder(path) else { throw .unreadableFolder(path: path) }
            guard let walker = manager.enumerator(atPath: path) else { continue }
            var entries: [String] = []
            while let relative = walker.nextObject() as? String {
                // A folder below that cannot be read is listed, so that it is reported (the walk
                // skipped it in silence: a day's recordings lost without a word).
                if walker.fileAttributes?[.type] as? FileAttributeType == .typeDirectory {
                    let full = PathName.appending(path, relative)
                    if !isReadableFolder(full) {
                        walker.skipDescendants()
                        if !matches(exclude, relative) { entries.append(full) }
                    }
                    continue
                }
                let ext = PathName.pathExtension(relative).lowercased()
                guard audioExtensions.contains(ext) || UnreadableFormats.byExtension[ext] != nil else { continue }
                if !include.isEmpty, !matches(include, relative) { continue }
                if matches(exclude, relative) { continue }
                let full = PathName.appending(path, relative)
                var childIsDirectory: ObjCBool = false
                if manager.fileExists(atPath: full, isDirectory: &childIsDirectory) {
                    if childIsDirectory.boolValue { continue }
                    if let companion = UnreadableFormats.appleDoubleCompanionName(of: relative),
                       manager.fileExists(atPath: PathName.appending(PathName.deletingLastComponent(full), companion)),
                       SoundFile.isAppleDouble(path: full) {
                        appleDouble.append(full)
                        continue
                    }
                    entries.append(full)
                } else if (try? manager.destinationOfSymbolicLink(atPath: full)) != nil {
                    // A dangling link is listed, so its call is reported as unreadable, not lost.
                    entries.append(full)
                }
            }
            // The directory's own order varies between file systems: which spelling of a file
            // found twice (a link and its target) is kept must not.
            entries.sorted(by: PathName.precedes).forEach(add)
        }
        return Collected(recordings: found.sorted(by: PathName.precedes), appleDoubleSkipped: appleDouble.sorted(by: PathName.precedes))
    }

    /// `path` (a file's path or a glob) with the extension of its last component in lower case
    /// (`a/B.WAV` -> `a/B.wav`, `*.WAV` -> `*.wav`); unchanged when it has none, or when that
    /// extension holds glob characters (`*.W*`, `*.[Ww]av`: matched as written only).
    static func extensionLowercased(_ path: String) -> String {
        let ext = PathName.pathExtension(path)
        guard !ext.isEmpty, !ext.contains(where: { "*?[]\\".contains($0) }), ext != ext.lowercased() else { return path }
        return String(path.dropLast(ext.count)) + ext.lowercased()
    }

    /// The symbolic links to folders below the folders among `paths`, which a walk does not follow
    /// (sorted; at most `limit`): what a run that found nothing names, since a folder of links to
    /// each day's folder looks empty.
    public static func folderLinks(in paths: [String], limit: Int = 3) -> [String] {
        let manager = FileManager.default
        var links: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
                  let walker = manager.enumerator(atPath: path) else { continue }
            while let relative = walker.nextObject() as? String {
                guard walker.fileAttributes?[.type] as? FileAttributeType == .typeSymbolicLink else { continue }
                let full = PathName.appending(path, relative)
                var target: ObjCBool = false
                if manager.fileExists(atPath: full, isDirectory: &target), target.boolValue { links.append(full) }
            }
        }
        return Array(links.sorted(by: PathName.precedes).prefix(limit))
    }

    /// Whether the folder's entries can be listed and reached (`collect`'s default test).
    public static func isReadableFolder(_ path: String) -> Bool {
        access(path, R_OK | X_OK) == 0
    }

    private static func normalize(_ path: String) -> String {
        var result = path
        while result.hasPrefix("./") { result.removeFirst(2) }
        while result.contains("//") { result = result.replacingOccurrences(of: "//", with: "/") }
        return result
    }
}
