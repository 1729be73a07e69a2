import Foundation
@testable import GleanerCLI
import Logging
import Synchronization
import XCTest

final class JSONLogHandlerTests: XCTestCase {
    /// Lines a handler wrote, in order.
    private final class Capture: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ bytes: [UInt8]) { lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }
        var all: [String] { lines.withLock { $0 } }
    }

    private func logger(_ identity: LogIdentity, level: Logger.Level = .info, capture: Capture) -> Logger {
        Logger(label: "gleaner.\(identity.role)") { label in
            JSONLogHandler(label: label, identity: identity, level: level, output: { capture.append($0) })
        }
    }

    private func object(_ line: String) throws -> [String: Any] {
        XCTAssertTrue(line.hasSuffix("\n"))
        XCTAssertEqual(line.filter { $0 == "\n" }.count, 1, "one event, one line")
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    func testLog_writesOneObjectPerLine_withRoleWorkerAndMetadata() throws {
        let capture = Capture()
        var log = logger(LogIdentity(role: "worker", worker: "node-7:42"), capture: capture)
        log[metadataKey: "run"] = "r1"
        log.warning("Producer silent; reconnecting.", metadata: ["attempt": "3", "backoff": ["ms": "2000"]])
        log.debug("below the level: not written")

        XCTAssertEqual(capture.all.count, 1)
        let line = try object(capture.all[0])
        XCTAssertEqual(line["level"] as? String, "warning")
        XCTAssertEqual(line["role"] as? String, "worker")
        XCTAssertEqual(line["worker"] as? String, "node-7:42")
        XCTAssertEqual(line["label"] as? String, "gleaner.worker")
        XCTAssertEqual(line["message"] as? String, "Producer silent; reconnecting.")
        XCTAssertEqual(line["pid"] as? Int, Int(getpid()))
        let metadata = try XCTUnwrap(line["metadata"] as? [String: Any])
        XCTAssertEqual(metadata["attempt"] as? String, "3")
        XCTAssertEqual(metadata["run"] as? String, "r1")
        XCTAssertEqual((metadata["backoff"] as? [String: Any])?["ms"] as? String, "2000")
        let time = try XCTUnwrap(line["time"] as? String)
        XCTAssertNotNil(time.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression), time)
    }

    func testLog_forAnotherRole_hasNoWorkerMember_andEmptyMetadataObject() throws {
        let capture = Capture()
        logger(LogIdentity(role: "collector"), capture: capture).info("Collector ready.")
        let line = try object(try XCTUnwrap(capture.all.first))
        XCTAssertEqual(line["role"] as? String, "collector")
        XCTAssertNil(line["worker"])
        XCTAssertEqual((line["metadata"] as? [String: Any])?.count, 0)
    }

    func testLog_escapesQuotesAndNewlines_soALineStaysOneObject() throws {
        let capture = Capture()
        logger(LogIdentity(role: "producer"), capture: capture)
            .error("bad \"path\"\nsecond line\t\u{1}", metadata: ["path": "a\\b\n"])
        let line = try object(try XCTUnwrap(capture.all.first))
        XCTAssertEqual(line["message"] as? String, "bad \"path\"\nsecond line\t\u{1}")
        XCTAssertEqual((line["metadata"] as? [String: Any])?["path"] as? String, "a\\b\n")
    }

    func testLog_metadataKeysAreSorted_soLinesAreStable() throws {
        let capture = Capture()
        let log = logger(LogIdentity(role: "producer"), capture: capture)
        log.info("m", metadata: ["b": "2", "a": "1", "c": ["z", "y"]])
        let text = try XCTUnwrap(capture.all.first)
        XCTAssertTrue(text.contains(#""metadata":{"a":"1","b":"2","c":["z","y"]}"#), text)
    }

    func testTimestamp_isUTCWithMilliseconds() {
        XCTAssertEqual(JSONLogHandler.timestamp(seconds: 0, milliseconds: 5), "1970-01-01T00:00:00.005Z")
        XCTAssertEqual(JSONLogHandler.timestamp(seconds: 1_795_000_000, milliseconds: 999), "2026-11-18T11:06:40.999Z")
    }
}
