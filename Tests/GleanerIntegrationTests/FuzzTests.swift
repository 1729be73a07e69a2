import Foundation
import GleanerExtraction
@testable import GleanerCore
import XCTest

/// 10. Malformed frames: random, truncated and oversized multipart messages sent to the
/// producer's and the collector's endpoints while a run goes on. Neither role crashes or
/// stores anything from them, and honest traffic carries on.
final class FuzzTests: IntegrationTestCase {
    func testMalformedFrames_toProducerAndCollector_crashNothing_storeNothing_andTheRunEnds() throws {
        let harness = try makeHarness()
        let run = try harness.startPipeline(
            count: 200, workers: 2, workerFlags: ["--simulate-delay-ms", "10"],
            producerFlags: FaultTests.lease)
        let context = ZMQContext()
        var rng = SplitMix64(seed: 99)
        var sent = 0
        let deadline = Date().addingTimeInterval(6)
        while Date() < deadline && run.producer.isRunning {
            for endpoint in [run.producerEndpoint, run.collectorEndpoint] {
                let socket = try ZMQSocket(context, .dealer)
                try socket.connect(endpoint)
                for message in Self.hostileMessages(&rng) where (try? socket.send(message, dontWait: true)) == true {
                    sent += 1
                }
                socket.close(lingerMilliseconds: 200)
            }
        }
        XCTAssertGreaterThan(sent, 100)
        XCTAssertEqual(run.producer.wait(timeout: FaultTests.bound), 0, "the producer must finish despite the fuzz")
        XCTAssertTrue(run.collector.isRunning, "the collector must survive the fuzz")
        for child in run.workers + [run.collector] { child.signal(SIGTERM) }
        XCTAssertEqual(run.collector.wait(timeout: 40), 0)
        let audit = try StoreAudit.audit(
            store: run.store.path, paths: [harness.folder.appendingPathComponent("in").path],
            mayFail: [])
        XCTAssertTrue(audit.isClean, audit.line)
        XCTAssertEqual(audit.unexpected, 0, "nothing from the fuzz is stored")
        XCTAssertTrue(run.collector.log.contains("Dropped"), "the collector should log what it dropped")
    }

    /// One batch of hostile messages: random frames, real commands with wrong or missing
    /// frames, records that break the schema, a deeply nested record, an oversized frame.
    static func hostileMessages(_ rng: inout SplitMix64) -> [[[UInt8]]] {
        func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
        let sig = WireProtocol.signature
        let id = bytes(32), run = Array("fuzz-run".utf8)
        var messages: [[[UInt8]]] = (0..<20).map { _ in
            (0..<Int(rng.next() % 6)).map { _ in bytes(Int(rng.next() % 64)) }
        }
        messages += Command.allCases.flatMap { command in
            (0..<4).map { n in [sig, [command.rawValue]] + (0..<n).map { _ in bytes(Int(rng.next() % 40)) } }
        }
        let nested =
            [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
            + [UInt8](repeating: UInt8(ascii: "]"), count: 1_000_000)
        let badRecords = [
            nested,
            Array(
                (#"{"schema":"gleaner.article/1","id":"\#(String(repeating: "a", count: 64))","#
                    + #""source":{"path":"x","bytes":1},"title":null,"#
                    + #""entities":[{"name":"X","type":"GOD","mentions":[]}],"quotes":[],"dates":[]}"#).utf8),
            Array(
                (#"{"schema":"gleaner.failure/1","id":"zz","source":{"path":"x","bytes":1},"#
                    + #""reason":"boredom","detail":""}"#).utf8),
            Array("{\"schema\":".utf8),
        ]
        messages += badRecords.map { [sig, [Command.result.rawValue], id, run, $0] }
        messages.append([sig, [Command.committed.rawValue], run, id, Array("a".utf8)])
        messages.append([sig, [Command.credit.rawValue], [0xFF, 0xFF, 0xFF, 0xFF]])
        messages.append([sig, [Command.started.rawValue], id])
        messages.append([sig, [Command.lookup.rawValue], run, [0, 0, 0, 1], bytes(32 * 4_096)])
        messages.append([sig, [Command.task.rawValue], bytes(2 << 20)])  // over the producer's 1 MiB cap
        return messages
    }
}
