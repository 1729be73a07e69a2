import GleanerExtraction
import XCTest
@testable import GleanerCore

final class WireMessageTests: XCTestCase {
    private let id = try! TaskID(bytes: Array(0..<32))
    private let other = try! TaskID(bytes: Array(repeating: 0xAB, count: 32))

    func testEveryMessage_encodesAndDecodesToItself() throws {
        let messages: [WireMessage] = [
            .credit(12),
            .task(
                TaskEnvelope(
                    id: id, runID: "run1", attempt: 2, flags: .isolated, path: "a/b.txt", body: Array("text".utf8))),
            .beat, .heartbeat(health: .ok, detail: ""), .heartbeat(health: .collectorUnreachable, detail: "tcp://x:1"),
            .bye,
            .result(taskID: id, runID: "run1", record: Array("{}".utf8)),
            .hello(runID: "run1"),
            .welcome(instance: "c1", articles: 5_000_000_000, failures: 3, store: .unavailable, detail: "disk full"),
            .committed(runID: "run1", taskIDs: [id, other], failed: [false, true]),
            .lookup(runID: "run1", query: 7, taskIDs: [id], extractorVersion: 3),
            .known(query: 7, taskIDs: []),
            .ready(threads: 4, credit: 16, name: "host:12"),
            .started([id, other]), .finished([id]), .released([]), .proceed(other),
            .ping(UInt64.max), .pong(7),
            .status(request: 3), .report(request: 3, json: Array(#"{"schema":"gleaner.status/1"}"#.utf8)),
            .progress(started: [id], finished: [other, id], credit: 21),
            .progress(started: [], finished: [], credit: 0),
        ]
        for message in messages {
            XCTAssertEqual(try WireMessage(frames: message.frames), message)
            XCTAssertEqual(message.frames.first, WireProtocol.signature)
        }
        XCTAssertEqual(Set(messages.map(\.command)), Set(Command.allCases), "every command is covered")
    }

    func testFramesAfterARoutingFrame_areThatFrameThenTheMessage_forEveryCommand() throws {
        let peer: [UInt8] = [0, 0x6B, 0x8B, 0x45, 0x67]
        let messages: [WireMessage] = [
            .task(TaskEnvelope(id: id, runID: "run1", attempt: 1, path: "a.txt", body: Array(repeating: 7, count: 16))),
            .pong(9), .beat, .proceed(other), .committed(runID: "r", taskIDs: [id], failed: [false]),
        ]
        for message in messages {
            let routed = message.frames(after: peer)
            XCTAssertEqual(routed.first, peer)
            XCTAssertEqual(Array(routed.dropFirst()), message.frames)
            XCTAssertEqual(routed[2], [message.command.rawValue])
            XCTAssertEqual(try WireMessage(frames: Array(routed.dropFirst())), message)
        }
    }

    func testResultsDecodedWithARecentText_areTheMessagesDecodedWithout_whateverTheRunIDsInTurn() throws {
        var recent = RecentText()
        let runs = ["run-a", "run-a", "run-b", "", "run-a", "run-a", "é-run", "run-b"]
        for (n, run) in runs.enumerated() {
            let message = WireMessage.result(taskID: n % 2 == 0 ? id : other, runID: run, record: [UInt8(n)])
            XCTAssertEqual(try WireMessage(frames: message.frames, recent: &recent), message, "message \(n)")
        }
        // A run id that is not UTF-8 is refused even right after a valid one of the same length.
        var frames = WireMessage.result(taskID: id, runID: "run-a", record: []).frames
        frames[3] = [0x72, 0x75, 0x6E, 0x2D, 0xFF]
        XCTAssertThrowsError(try WireMessage(frames: frames, recent: &recent)) {
            XCTAssertEqual(($0 as? WireError)?.reason, .badText)
        }
        XCTAssertEqual(
            try WireMessage(frames: WireMessage.result(taskID: id, runID: "run-a", record: []).frames, recent: &recent),
            .result(taskID: id, runID: "run-a", record: []))
    }

    func testLookupWithoutVersionFrame_fromAnOlderProducer_readsAsVersionZero() throws {
        let frames = [WireProtocol.signature, [Command.lookup.rawValue], Array("r".utf8), [0, 0, 0, 2], id.bytes]
        XCTAssertEqual(
            try WireMessage(frames: frames),
            .lookup(runID: "r", query: 2, taskIDs: [id], extractorVersion: 0))
    }

    func testAnOlderVersion_isRejected_withAnErrorNamingBothVersions() {
        XCTAssertThrowsError(try WireMessage(frames: [Array("GLEANER2".utf8), [Command.started.rawValue], id.bytes])) {
            let error = $0 as? WireError
            XCTAssertEqual(error?.reason, .badSignature)
            XCTAssertEqual(error?.otherVersion, "GLEANER2")
            XCTAssertTrue("\(error!)".contains("protocol GLEANER2, this build GLEANER3"), "\(error!)")
        }
        XCTAssertNil(WireError(.badSignature, frames: [Array("HTTP/1.1".utf8)]).otherVersion)
    }

    func testDecode_rejectsMalformedMessages_withTheReason() {
        let sig = WireProtocol.signature
        let tooManyIDs = [UInt8](repeating: 1, count: (WireProtocol.maxIDsPerMessage + 1) * 32)
        let cases: [([[UInt8]], WireError.Reason)] = [
            ([], .emptyMessage),
            ([Array("GLEANER1".utf8), [1], [0, 0, 0, 1]], .badSignature),
            ([Array("GLEANER2".utf8), [Command.credit.rawValue], [0, 0, 0, 1]], .badSignature),
            ([sig], .missingCommand),
            ([sig, [1, 2]], .missingCommand),
            ([sig, [0xEE]], .unknownCommand),
            ([sig, [Command.credit.rawValue]], .wrongFrameCount(.credit)),
            ([sig, [Command.credit.rawValue], [0, 1]], .badInteger(length: 2)),
            ([sig, [Command.result.rawValue], [1, 2, 3], Array("r".utf8), []], .badTaskID(length: 3)),
            ([sig, [Command.hello.rawValue], [0xFF, 0xFE]], .badText),
            (
                [sig, [Command.hello.rawValue], [UInt8](repeating: 0x61, count: WireProtocol.maxTextBytes + 1)],
                .tooLong(bytes: WireProtocol.maxTextBytes + 1)
            ),
            ([sig, [Command.committed.rawValue], Array("r".utf8), id.bytes, Array("x".utf8)], .badKinds),
            ([sig, [Command.committed.rawValue], Array("r".utf8), id.bytes, Array("af".utf8)], .badKinds),
            ([sig, [Command.heartbeat.rawValue], [9], []], .badEnum),
            (
                [sig, [Command.lookup.rawValue], Array("r".utf8), [0, 0, 0, 1], id.bytes, [0, 0x0F, 0x42, 0x41]],
                .outOfRange(1_000_001)
            ),
            (
                [sig, [Command.lookup.rawValue], Array("r".utf8), [0, 0, 0, 1], id.bytes, [0, 1]],
                .badInteger(length: 2)
            ),
            ([sig, [Command.lookup.rawValue], Array("r".utf8), [0, 0, 0, 1]], .wrongFrameCount(.lookup)),
            ([sig, [Command.heartbeat.rawValue], [0]], .wrongFrameCount(.heartbeat)),
            ([sig, [Command.started.rawValue], tooManyIDs], .tooLong(bytes: tooManyIDs.count)),
            ([sig, [Command.started.rawValue], [1, 2]], .badTaskID(length: 2)),
            ([sig, [Command.progress.rawValue], id.bytes, []], .wrongFrameCount(.progress)),
            ([sig, [Command.progress.rawValue], id.bytes, [1, 2], [0, 0, 0, 1]], .badTaskID(length: 2)),
            ([sig, [Command.progress.rawValue], [], [], [0, 1]], .badInteger(length: 2)),
            (
                [sig, [Command.task.rawValue], id.bytes, [0x72], [0, 0, 0, 1], [0, 0, 0, 0], [0x70]],
                .wrongFrameCount(.task)
            ),
            ([sig, [Command.status.rawValue]], .wrongFrameCount(.status)),
            (
                [
                    sig, [Command.report.rawValue], [0, 0, 0, 1],
                    [UInt8](repeating: 0x20, count: WireProtocol.maxReportBytes + 1),
                ],
                .tooLong(bytes: WireProtocol.maxReportBytes + 1)
            ),
            ([sig, [Command.report.rawValue], [0, 0, 0, 1], [0xFF]], .badText),
        ]
        for (frames, reason) in cases {
            XCTAssertThrowsError(try WireMessage(frames: frames), "\(frames.map(\.count))") { error in
                XCTAssertEqual((error as? WireError)?.reason, reason)
            }
        }
    }

    func testDecode_randomFrames_neverTrap() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            var frames: [[UInt8]] = rng.next() % 3 == 0 ? [] : [WireProtocol.signature]
            if rng.next() % 4 != 0 { frames.append([UInt8(rng.next() % 17)]) }
            for _ in 0..<Int(rng.next() % 7) {
                frames.append((0..<Int(rng.next() % 70)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            }
            _ = try? WireMessage(frames: frames)
        }
    }

    func testWireError_snippetIsBounded_evenForAHugeFrame() {
        let error = WireError(.badSignature, frames: [Array(repeating: 0x41, count: 1_000_000)])
        XCTAssertLessThan(error.description.count, 200)
        XCTAssertTrue(error.description.contains("1000000 B"))
    }

    func testTaskID_roundTripsThroughBytesHexAndRecordIDs() throws {
        XCTAssertEqual(id.bytes, Array(0..<32))
        XCTAssertEqual(TaskID(hex: id.hex), id)
        XCTAssertEqual(TaskID(recordID: "path-" + id.hex), id)
        XCTAssertNil(TaskID(hex: "xyz"))
        XCTAssertNil(TaskID(hex: String(repeating: "g", count: 64)))
        XCTAssertTrue(id < other)
    }
}
