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
            fm.createFile(atPath: dir.file(name).path, contents: Data([0]))
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
        XCTAssertThrowsError(try InputCollector.collect([root + "/nope"])) { error in
            XCTAssertEqual(error as? InputError, .missing(path: root + "/nope"))
        }
    }
}
