import XCTest
@testable import GleanerCore

final class WireMessageTests: XCTestCase {
    private let id = try! TaskID(bytes: Array(0..<32))
    private let other = try! TaskID(bytes: Array(repeating: 0xAB, count: 32))

    func testEveryMessage_encodesAndDecodesToItself() throws {
        let messages: [WireMessage] = [
            .credit(12),
            .task(TaskEnvelope(id: id, runID: "run1", attempt: 2, path: "a/b.txt", body: Array("text".utf8))),
            .heartbeat(runID: nil), .heartbeat(runID: "run1"), .bye,
            .result(taskID: id, runID: "run1", record: Array("{}".utf8)),
            .hello(runID: "run1"),
            .welcome(instance: "c1", articles: 5_000_000_000, failures: 3),
            .committed(runID: "run1", taskIDs: [id, other], failed: [false, true]),
            .lookup(runID: "run1", query: 7, taskIDs: [id]),
            .known(query: 7, taskIDs: []),
        ]
        for message in messages {
            XCTAssertEqual(try WireMessage(frames: message.frames), message)
            XCTAssertEqual(message.frames.first, WireProtocol.signature)
        }
    }

    func testDecode_rejectsMalformedMessages_withTheReason() {
        let sig = WireProtocol.signature
        let cases: [([[UInt8]], WireError.Reason)] = [
            ([], .emptyMessage),
            ([Array("GLEANER0".utf8), [1], [0, 0, 0, 1]], .badSignature),
            ([sig], .missingCommand),
            ([sig, [1, 2]], .missingCommand),
            ([sig, [0xEE]], .unknownCommand),
            ([sig, [Command.credit.rawValue]], .wrongFrameCount(.credit)),
            ([sig, [Command.credit.rawValue], [0, 1]], .badInteger(length: 2)),
            ([sig, [Command.result.rawValue], [1, 2, 3], Array("r".utf8), []], .badTaskID(length: 3)),
            ([sig, [Command.hello.rawValue], [0xFF, 0xFE]], .badText),
            ([sig, [Command.committed.rawValue], Array("r".utf8), id.bytes, Array("x".utf8)], .badKinds),
            ([sig, [Command.committed.rawValue], Array("r".utf8), id.bytes, Array("af".utf8)], .badKinds),
        ]
        for (frames, reason) in cases {
            XCTAssertThrowsError(try WireMessage(frames: frames), "\(frames)") { error in
                XCTAssertEqual((error as? WireError)?.reason, reason)
            }
        }
    }

    func testWireError_snippetIsBounded_evenForAHugeFrame() {
        let error = WireError(.badSignature, frames: [Array(repeating: 0x41, count: 1_000_000)])
        XCTAssertLessThan(error.description.count, 200)
        XCTAssertTrue(error.description.contains("1000000 B"))
    }

    func testTaskID_hexRoundTrip_andRejectsBadHex() throws {
        XCTAssertEqual(TaskID(hex: id.hex), id)
        XCTAssertNil(TaskID(hex: "xyz"))
        XCTAssertNil(TaskID(hex: String(repeating: "g", count: 64)))
    }
}
