import Foundation
import Pipeline
import TestSupport
import XCTest

final class InputCollectorTests: XCTestCase {
    func testDirectoriesAreWalkedWithIncludeAndExcludeGlobs() throws {
        let dir = try TemporaryDirectory()
        let fm = FileManager.default
        try fm.createDirectory(at: dir.file("2026-11-20/team a"), withIntermediateDirectories: true)
        for name in ["a.wav", "b.flac", "notes.txt", "2026-11-20/c.wav", "2026-11-20/team a/d_test.wav", "2026-11-20/team a/è.mp3", "e.M4A", "f.vox"] {
            _ = fm.createFile(atPath: dir.file(name).path, contents: Data([0]))
        }
        // A symbolic link loop must not trap the walk.
        try fm.createSymbolicLink(atPath: dir.file("2026-11-20/loop").path, withDestinationPath: dir.url.path)
        let root = dir.url.path
        let all = try InputCollector.collect([root])
        XCTAssertEqual(all.map { String($0.dropFirst(root.count + 1)) }, [
            "2026-11-20/c.wav", "2026-11-20/team a/d_test.wav", "2026-11-20/team a/è.mp3", "a.wav", "b.flac",
            // Formats callqa cannot read are listed, to be reported as errors, not lost.
            "e.M4A", "f.vox",
        ])
        let wav = try InputCollector.collect([root], include: ["*.wav"], exclude: ["*_test.*"])
        XCTAssertEqual(wav.map { String($0.dropFirst(root.count + 1)) }, ["2026-11-20/c.wav", "a.wav"])
        let dated = try InputCollector.collect([root], include: ["2026-11-20/*"])
        XCTAssertEqual(dated.count, 3)
        // `**/` is any folders, none included (`**/*.wav` left out a.wav).
        let anywhere = try InputCollector.collect([root], include: ["**/*.wav"], exclude: ["2026-11-20/**/d_test.wav"])
        XCTAssertEqual(anywhere.map { String($0.dropFirst(root.count + 1)) }, ["2026-11-20/c.wav", "a.wav"])
        XCTAssertThrowsError(try InputCollector.collect([root + "/nope"])) { error in
            XCTAssertEqual(error as? InputError, .missing(path: root + "/nope"))
        }
        // `callqa score -` read "-: no such file or directory": a list of recordings from a pipe
        // is a manifest.
        XCTAssertThrowsError(try InputCollector.collect(["-"])) { error in
            XCTAssertTrue(error.localizedDescription.hasPrefix("'-' (standard input) is no recording"), error.localizedDescription)
            XCTAssertTrue(error.localizedDescription.contains("--manifest - (a first line 'path'"), error.localizedDescription)
        }
    }

    /// Extensions match `--include` and `--exclude` globs in any case, as the walk itself reads
    /// them: `--include '*.wav'` on a recorder's `.WAV` files kept none (a nightly run scored
    /// nothing, with status 0), and `--exclude '*.wav'` let them through. The rest of a glob
    /// matches as written.
    func testIncludeAndExcludeGlobsMatchExtensionsInAnyCase() throws {
        let dir = try TemporaryDirectory()
        let fm = FileManager.default
        try fm.createDirectory(at: dir.file("Day.1"), withIntermediateDirectories: true)
        for name in ["A.WAV", "Day.1/b.Wav", "c.wav", "Agent_d.FLAC"] {
            _ = fm.createFile(atPath: dir.file(name).path, contents: Data([0]))
        }
        let root = dir.url.path
        func relative(_ paths: [String]) -> [String] { paths.map { String($0.dropFirst(root.count + 1)) } }
        XCTAssertEqual(relative(try InputCollector.collect([root], include: ["*.wav"])), ["A.WAV", "Day.1/b.Wav", "c.wav"])
        XCTAssertEqual(relative(try InputCollector.collect([root], include: ["*.WAV"])), ["A.WAV", "Day.1/b.Wav", "c.wav"])
        XCTAssertEqual(relative(try InputCollector.collect([root], include: ["Day.1/*.wav"])), ["Day.1/b.Wav"])
        XCTAssertEqual(relative(try InputCollector.collect([root], exclude: ["*.wav"])), ["Agent_d.FLAC"])
        // Only the extension is read in any case: the name's letters still match as written.
        XCTAssertEqual(relative(try InputCollector.collect([root], include: ["agent_*"])), [])
        XCTAssertEqual(relative(try InputCollector.collect([root], include: ["Agent_*.flac"])), ["Agent_d.FLAC"])
    }

    /// Headerless telephony recordings (Asterisk's `.ulaw`, `.alaw`, `.sln`) are listed, so that
    /// each is an error saying how to convert it: the walk skipped them in silence, and a folder
    /// of them was "no audio files found", status 0, every night.
    func testHeaderlessTelephonyRecordingsAreListed() throws {
        let dir = try TemporaryDirectory()
        for name in ["a.ulaw", "b.ALAW", "c.sln", "d.g729", "notes.txt"] {
            _ = FileManager.default.createFile(atPath: dir.file(name).path, contents: Data([0]))
        }
        let root = dir.url.path
        XCTAssertEqual(try InputCollector.collect([root]).map { String($0.dropFirst(root.count + 1)) }, ["a.ulaw", "b.ALAW", "c.sln", "d.g729"])
    }

    /// `café.wav` written NFC (`caf` U+00E9) and NFD (`cafe` U+0301) are two files on Linux, and
    /// Swift `String` equality holds them equal: neither recording may be lost.
    /// In a walked folder, the macOS metadata file a Mac writes beside a recording (`._x.wav`,
    /// AppleDouble) is left out and returned as such: each failed as "Format not recognised" and
    /// a nightly run exited 1. Kept: one without its recording beside it, one that does not start
    /// as AppleDouble files do (a recording of that name), and one named explicitly.
    func testAppleDoubleFilesBesideTheirRecordingAreLeftOutOfAWalk() throws {
        let dir = try TemporaryDirectory()
        let fm = FileManager.default
        try fm.createDirectory(at: dir.file("day"), withIntermediateDirectories: true)
        let appleDouble = Data([0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00]) + Data(count: 100)
        for name in ["day/x.wav", "day/y.wav", "day/z.wav"] { _ = fm.createFile(atPath: dir.file(name).path, contents: Data([0])) }
        for name in ["day/._x.wav", "day/._orphan.wav"] { _ = fm.createFile(atPath: dir.file(name).path, contents: appleDouble) }
        _ = fm.createFile(atPath: dir.file("day/._y.wav").path, contents: Data("RIFF".utf8) + Data(count: 100))
        let root = dir.url.path
        let collected = try InputCollector.collectSkipping([root])
        XCTAssertEqual(collected.recordings.map { String($0.dropFirst(root.count + 1)) }, ["day/._orphan.wav", "day/._y.wav", "day/x.wav", "day/y.wav", "day/z.wav"])
        XCTAssertEqual(collected.appleDoubleSkipped, [dir.file("day/._x.wav").path])
        XCTAssertEqual(try InputCollector.collect([root]), collected.recordings)
        let named = try InputCollector.collectSkipping([dir.file("day/._x.wav").path, dir.file("day/x.wav").path])
        XCTAssertEqual(named.recordings, [dir.file("day/._x.wav").path, dir.file("day/x.wav").path])
        XCTAssertEqual(named.appleDoubleSkipped, [])
    }

    func testNamesInTwoUnicodeFormsAreTwoRecordings() throws {
        let dir = try TemporaryDirectory()
        let nfc = "caf\u{00E9}.wav", nfd = "cafe\u{0301}.wav"
        XCTAssertNotEqual(Array(nfc.utf8), Array(nfd.utf8))
        for name in [nfc, nfd] { try Data([1]).write(to: dir.file(name)) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).count, 2, "the file system keeps both names")
        let root = dir.url.path
        for found in [try InputCollector.collect([root]), try InputCollector.collect([root + "/" + nfc, root + "/" + nfd])] {
            XCTAssertEqual(found.count, 2, "\(found)")
            XCTAssertEqual(Set(found.map { $0.utf8.split(separator: UInt8(ascii: "/")).last.map(Array.init) }), [Array(nfc.utf8), Array(nfd.utf8)])
        }
        // The order does not depend on the order the names were found in.
        XCTAssertEqual(
            try InputCollector.collect([root + "/" + nfd, root + "/" + nfc]).map { Array($0.utf8) },
            try InputCollector.collect([root + "/" + nfc, root + "/" + nfd]).map { Array($0.utf8) })
    }

    /// One file under several spellings (relative and absolute, `.` and `..`, doubled slashes, a
    /// symbolic link, a hard link) is one recording, listed under the spelling named first.
    func testOneFileUnderSeveralSpellingsIsListedOnce() throws {
        let dir = try TemporaryDirectory()
        let fm = FileManager.default
        try fm.createDirectory(at: dir.file("audio/sub"), withIntermediateDirectories: true)
        let file = dir.file("audio/call1.wav").path
        try Data([1]).write(to: URL(fileURLWithPath: file))
        try fm.createSymbolicLink(atPath: dir.file("link.wav").path, withDestinationPath: file)
        try fm.linkItem(atPath: file, toPath: dir.file("hard.wav").path)
        let root = dir.url.path
        let spellings = [
            relativeToCurrentDirectory(file), file, root + "/audio/./call1.wav", root + "/audio/sub/../call1.wav",
            root + "//audio//call1.wav", root + "/link.wav", root + "/hard.wav",
        ]
        XCTAssertEqual(try InputCollector.collect(spellings), [spellings[0]])
        XCTAssertEqual(try InputCollector.collect(Array(spellings.reversed())), [root + "/hard.wav"])
        // Found twice by a walk (the file and a link to it beside it): once, the same one each time.
        let walked = try InputCollector.collect([root + "/audio", root])
        XCTAssertEqual(walked, [root + "/audio/call1.wav"])
        // Two different files stay two, even when one is empty and the other a dangling link.
        try fm.createSymbolicLink(atPath: dir.file("audio/gone.wav").path, withDestinationPath: dir.file("nowhere.wav").path)
        try Data().write(to: dir.file("audio/empty.wav"))
        XCTAssertEqual(try InputCollector.collect([root + "/audio"]).count, 3)
    }

    /// A symbolic link to nothing, or a loop of links, named on the command line (a shell's
    /// `*.wav`) is listed, so its call is reported as unreadable and the rest is scored: it
    /// stopped the whole run ("no such file or directory", status 2). A path that is not there
    /// at all still does.
    func testANamedLinkToNothingIsListed() throws {
        let dir = try TemporaryDirectory()
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: dir.file("gone.wav").path, withDestinationPath: dir.file("nowhere.wav").path)
        try fm.createSymbolicLink(atPath: dir.file("loop.wav").path, withDestinationPath: dir.file("loop.wav").path)
        XCTAssertEqual(try InputCollector.collect([dir.file("loop.wav").path, dir.file("gone.wav").path]),
                       [dir.file("gone.wav").path, dir.file("loop.wav").path])
        XCTAssertThrowsError(try InputCollector.collect([dir.file("nowhere.wav").path])) {
            XCTAssertEqual($0 as? InputError, .missing(path: dir.file("nowhere.wav").path))
        }
    }

    /// A folder that cannot be read is never a day without calls: named, it is a usage error;
    /// found below a named folder, it is listed, to be reported as an unreadable recording (the
    /// walk skipped it without a word), unless excluded. (As root every folder is readable, so
    /// the test for readability is the one given.)
    func testAFolderThatCannotBeReadIsNeverSkippedInSilence() throws {
        let dir = try TemporaryDirectory()
        let fm = FileManager.default
        try fm.createDirectory(at: dir.file("day/locked"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.file("day/open"), withIntermediateDirectories: true)
        for name in ["day/a.wav", "day/open/b.wav", "day/locked/c.wav"] {
            _ = fm.createFile(atPath: dir.file(name).path, contents: Data([0]))
        }
        let locked = dir.file("day/locked").path
        let readable = { (path: String) in path != locked && path != dir.file("other").path }
        XCTAssertEqual(try InputCollector.collect([dir.file("day").path], readable: readable),
                       [dir.file("day/a.wav").path, locked, dir.file("day/open/b.wav").path])
        XCTAssertEqual(try InputCollector.collect([dir.file("day").path], exclude: ["locked"], readable: readable),
                       [dir.file("day/a.wav").path, dir.file("day/open/b.wav").path])
        try fm.createDirectory(at: dir.file("other"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try InputCollector.collect([dir.file("other").path], readable: readable)) {
            XCTAssertEqual($0 as? InputError, .unreadableFolder(path: dir.file("other").path))
        }
        // With the real test, every folder here is readable: all three recordings.
        XCTAssertEqual(try InputCollector.collect([dir.file("day").path]).count, 3)
    }

    /// `path` spelled relative to the current directory, with as many `..` as it takes.
    private func relativeToCurrentDirectory(_ path: String) -> String {
        let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
        return String(repeating: "../", count: depth) + path.dropFirst()
    }
}
