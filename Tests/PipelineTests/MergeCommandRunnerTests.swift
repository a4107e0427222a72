@testable import Pipeline
import Reporting
import TestSupport
import XCTest

final class MergeCommandRunnerTests: XCTestCase {
    private func reason(_ parts: [(path: String, shard: ShardInfo?)]) -> String? {
        do {
            try MergeCommandRunner.checkShards(parts)
            return nil
        } catch {
            return error.errorDescription
        }
    }

    /// `callqa merge part1.json part2.json part2.json` read "part2.json and part2.json are both
    /// shard 2/3"; the same file named twice (as written, or by another path) is said so now.
    /// Two files that hold the same shard are still "both shard 2/3".
    func testTheSameShardFileNamedTwiceIsSaidSo() throws {
        let dir = try TemporaryDirectory()
        for name in ["part2.json", "other2.json"] { try Data("{}".utf8).write(to: dir.file(name)) }
        let part2 = dir.file("part2.json").path, other2 = dir.file("other2.json").path
        func shard(_ index: Int) -> ShardInfo { ShardInfo(index: index, count: 3) }
        XCTAssertEqual(reason([("part1.json", shard(1)), (part2, shard(2)), (part2, shard(2)), ("part3.json", shard(3))]),
            "the parts are not a whole sharded run: \(part2) (shard 2/3) is named twice; name each shard's report once")
        let dotted = dir.url.path + "/./part2.json"
        XCTAssertEqual(reason([(part2, shard(2)), (dotted, shard(2))]),
            "the parts are not a whole sharded run: \(part2) and \(dotted) are the same file (shard 2/3), named twice; name each shard's report once")
        XCTAssertEqual(reason([(part2, shard(2)), (other2, shard(2))]),
            "the parts are not a whole sharded run: \(part2) and \(other2) are both shard 2/3")
    }
}
