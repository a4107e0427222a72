import Conversation
import TestSupport
import XCTest

final class ChannelHealthTests: XCTestCase {
    private func swapWarnings(_ metadata: [String: String]) -> [ChannelFinding] {
        // The customer channel speaks first (2 s), the agent only at 6 s; no tones on the agent channel.
        let call = TestCalls.stereo(duration: 20, agent: [(6, 9)], customer: [(2, 5)], metadata: metadata)
        return ChannelHealth.check(call, leakShares: [0, 0]).filter {
            if case .likelySwapped = $0 { return true } else { return false }
        }
    }

    /// `direction` is read as checklists' `applies_to` reads it: `Inbound`, `INBOUND` and
    /// ` inbound ` are an inbound call, on which a customer speaking first means swapped channels.
    /// Only `inbound`, as written, was warned about.
    func testLikelySwappedReadsDirectionWithoutCaseOrSpaces() {
        for direction in ["inbound", "Inbound", "INBOUND", " inbound ", "Inbound\t"] {
            XCTAssertEqual(swapWarnings(["direction": direction]).count, 1, "direction '\(direction)'")
        }
        for metadata in [["direction": "outbound"], ["direction": "Outbound"], [:]] {
            XCTAssertEqual(swapWarnings(metadata), [], "\(metadata)")
        }
    }
}
