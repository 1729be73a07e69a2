import Foundation
import XCTest

/// Endpoint flags are checked before anything binds: out-of-range ports are refused, and
/// host names work for binding as for connecting.
final class EndpointFlagTests: IntegrationTestCase {
    func testCollector_portOutOfRange_isAUsageError() throws {
        let harness = try makeHarness()
        let result = try harness.run(
            "gleaner-collector",
            [
                "--store", harness.folder.appendingPathComponent("s").path,
                "--bind", "tcp://127.0.0.1:99999",
            ], timeout: 20)
        XCTAssertEqual(result.status, 64, result.output)
        XCTAssertTrue(result.errors.contains("Please check --bind: the port 99999"), result.errors)
        XCTAssertFalse(result.output.contains("listening"), result.output)
    }

    func testPipeline_withLocalhostEndpoints_storesEveryArticle() throws {
        let harness = try makeHarness()
        let store = harness.folder.appendingPathComponent("store")
        let collector = try harness.start(
            "gleaner-collector", ["--store", store.path, "--bind", "tcp://localhost:0", "--log-level", "warning"])
        let ready = try XCTUnwrap(
            collector.awaitLine(startingWith: "gleaner-collector: listening on "), "collector did not start")
        let port = try XCTUnwrap(ready.split(separator: ":").last)
        XCTAssertTrue(ready.hasSuffix("tcp://127.0.0.1:\(port)"), ready)
        let input = harness.folder.appendingPathComponent("in")
        let paths = try GeneratedCorpus.write(count: 10, into: input)
        let producer = try harness.start(
            "gleaner-producer",
            [
                input.path, "--bind", "tcp://localhost:0", "--collector", "tcp://localhost:\(port)",
                "--quiet", "--log-level", "warning",
            ])
        let listening = try XCTUnwrap(
            producer.awaitLine(startingWith: "gleaner-producer: listening on "), "producer did not start")
        let producerPort = try XCTUnwrap(listening.split(separator: ":").last)
        let worker = try harness.startWorker(
            producer: "tcp://localhost:\(producerPort)", collector: "tcp://localhost:\(port)")
        XCTAssertEqual(producer.wait(timeout: 60), 0)
        worker.signal(SIGTERM)
        collector.signal(SIGTERM)
        XCTAssertEqual(collector.wait(), 0)
        XCTAssertEqual(StoreInspector.lineCount(in: store), paths.count)
    }
}
