import Foundation
import TestSupport
import XCTest

/// `cd d1 && callqa score --manifest calls.csv --state ../hist.sqlite --out ../r1.json`, then the
/// same in d2 (`../r2.json`): both manifests name `001.wav`, two different recordings (call_ids
/// D1-1 and D2-1, started on 2026-11-20 and 21), the cron layout one history serves. Returns the
/// two reports.
func scoreTheSameNameInTwoFolders(in dir: TemporaryDirectory) throws -> [[String: Any]] {
    try WAVWriter.writeShortCalls(2, in: dir.file("calls"))
    return try ["d1", "d2"].enumerated().map { index, folder in
        try FileManager.default.createDirectory(at: dir.file(folder), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: dir.file("calls/c00\(index).wav"), to: dir.file("\(folder)/001.wav"))
        try "path,call_id,agent_id,started_at\n001.wav,\(folder.uppercased())-1,A1,2026-11-2\(index)T09:00:00Z\n"
            .write(to: dir.file("\(folder)/calls.csv"), atomically: true, encoding: .utf8)
        let run = try CommandRunner.run(
            ["score", "--manifest", "calls.csv", "--state", "../hist.sqlite", "--out", "../r\(index + 1).json"], in: dir.file(folder))
        XCTAssertEqual(run.status, 0, run.standardError)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: dir.file("r\(index + 1).json"))) as? [String: Any])
    }
}
