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

    /// A call given as two leg files names the party's leg and its file in every finding, and
    /// says what to check in the manifest: its findings read "channel 1 (customer)", "a mono
    /// recording stored as stereo?" and "check --agent-channel", which two legs ignore. A stereo
    /// recording's findings keep naming its channels.
    func testATwoLegCallsFindingsNameItsLegs() {
        let legs = ["day/agent-17.wav", "day/customer-17.wav"]
        let findings: [ChannelFinding] = [
            .dead(channel: 1, role: .customer), .silent(channel: 0, role: .agent),
            .bleed(channel: 1, role: .customer, leakPercent: 80),
            .clipped(channel: 0, role: .agent, seconds: 2.5, percent: 8), .damaged(channel: 1, role: .customer, seconds: 3),
            .likelySwapped(customerFirstSeconds: 1, agentFirstSeconds: 5.6, afterTones: false),
            .likelySwapped(customerFirstSeconds: 1, agentFirstSeconds: nil, afterTones: true),
            .sameAudio, .mutualBleed(offsetDB: 6), .silent(channel: 0, role: .mixed),
        ]
        for finding in findings {
            let stereo = finding.message, twoLegs = finding.message(legPaths: legs)
            XCTAssertEqual(finding.message(legPaths: nil), stereo)
            XCTAssertTrue(stereo.contains("channel"), stereo)
            for word in ["channel 0", "channel 1", "channels", "stereo", "agent_channel", "--agent-channel"] {
                XCTAssertFalse(twoLegs.contains(word), "'\(word)' in: \(twoLegs)")
            }
            XCTAssertTrue(twoLegs.contains(" leg"), twoLegs)
        }
        XCTAssertEqual(ChannelFinding.dead(channel: 1, role: .customer).message(legPaths: legs),
                       "the customer leg (day/customer-17.wav) is digital silence: nothing was recorded on it")
        XCTAssertEqual(ChannelFinding.clipped(channel: 0, role: .agent, seconds: 2.5, percent: 8).message(legPaths: legs),
                       "the agent leg (day/agent-17.wav) is clipped for 2.5 s (8% of the call): the recording level is too high")
        XCTAssertEqual(
            ChannelFinding.likelySwapped(customerFirstSeconds: 1, agentFirstSeconds: 5.6, afterTones: false).message(legPaths: legs),
            "the legs may be swapped: the customer leg (day/customer-17.wav) speaks first (at 1.0 s) and the agent leg "
                + "(day/agent-17.wav) only at 5.6 s, on an inbound call, where the agent answers; check that the manifest's "
                + "agent_path names the agent's leg and customer_path the customer's")
        XCTAssertTrue(ChannelFinding.sameAudio.message(legPaths: legs).hasPrefix(
            "both legs (day/agent-17.wav + day/customer-17.wav) carry the same audio (one party's leg saved twice"))
        XCTAssertEqual(ChannelFinding.dead(channel: 1, role: .customer).message,
                       "channel 1 (customer) is digital silence: nothing was recorded on it")
    }
}
