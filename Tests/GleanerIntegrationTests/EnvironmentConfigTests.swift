import Foundation
import XCTest

/// Roles configured by GLEANER_<FLAG> variables alone, logging JSON lines.
final class EnvironmentConfigTests: IntegrationTestCase {
    private func jsonLines(_ log: String, file: StaticString = #filePath, line: UInt = #line) -> [[String: Any]] {
        log.split(separator: "\n").compactMap { text in
            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            XCTAssertNotNil(object, "not a JSON log line: \(text)", file: file, line: line)
            return object
        }
    }

    func testRoles_configuredOnlyByEnvironment_runToTheEnd_andLogJSON() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        let paths = try GeneratedCorpus.write(count: 12, into: input)
        let store = harness.folder.appendingPathComponent("store")
        let json = ["GLEANER_LOG_FORMAT": "json", "GLEANER_LOG_LEVEL": "info"]

        let collector = try harness.start("gleaner-collector", [], environment: json.merging([
            "GLEANER_STORE": store.path, "GLEANER_BIND": "tcp://127.0.0.1:0"]) { $1 })
        let collectorLine = try XCTUnwrap(collector.awaitLine(startingWith: "gleaner-collector: listening on "))
        let collectorEndpoint = String(collectorLine.dropFirst("gleaner-collector: listening on ".count))
        // No arguments at all: the paths come on stdin because GLEANER_STDIN_LIST is set.
        let producer = try harness.start("gleaner-producer", [], environment: json.merging([
            "GLEANER_STDIN_LIST": "yes", "GLEANER_BIND": "tcp://127.0.0.1:0", "GLEANER_COLLECTOR": collectorEndpoint,
            "GLEANER_QUIET": "true"]) { $1 }, input: Data(paths.joined(separator: "\n").utf8))
        let producerLine = try XCTUnwrap(producer.awaitLine(startingWith: "gleaner-producer: listening on "))
        let producerEndpoint = String(producerLine.dropFirst("gleaner-producer: listening on ".count))
        // GLEANER_LOG_LEVEL=critical would hide "Worker ready."; the flag on the command line wins.
        let worker = try harness.start("gleaner-worker", ["--log-level", "info"], environment: json.merging([
            "GLEANER_PRODUCER": producerEndpoint, "GLEANER_COLLECTOR": collectorEndpoint,
            "GLEANER_THREADS": "2", "GLEANER_LOG_LEVEL": "critical"]) { $1 })

        let summary = producer.awaitLine(startingWith: "gleaner-producer: ", timeout: 60)
        XCTAssertEqual(producer.wait(), 0)
        XCTAssertTrue(summary?.contains("12 articles, 0 failures") ?? false, summary ?? "no summary")
        worker.signal(SIGTERM)
        XCTAssertEqual(worker.wait(), 0)
        collector.signal(SIGTERM)
        XCTAssertEqual(collector.wait(), 0)
        XCTAssertEqual(StoreInspector.lineCount(in: store), 12, "the store is not where GLEANER_STORE points")

        let workerLines = jsonLines(worker.log)
        let ready = try XCTUnwrap(workerLines.first { $0["message"] as? String == "Worker ready." },
                                  "no 'Worker ready.' line: the command-line --log-level did not win")
        XCTAssertEqual(ready["role"] as? String, "worker")
        XCTAssertEqual((ready["metadata"] as? [String: Any])?["threads"] as? String, "2", "GLEANER_THREADS not applied")
        let name = try XCTUnwrap(ready["worker"] as? String)
        XCTAssertTrue(name.hasSuffix(":\(worker.pid)"), "worker name \(name) does not name the process")
        let producerLines = jsonLines(producer.log)
        XCTAssertFalse(producerLines.isEmpty)
        XCTAssertTrue(producerLines.allSatisfy { $0["role"] as? String == "producer" })
        XCTAssertTrue(jsonLines(collector.log).contains { $0["role"] as? String == "collector" })
    }

    func testRun_takesItsOwnVariables_butKeepsRoleVariablesFromItsChildren() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        try GeneratedCorpus.write(count: 5, into: input)
        let store = harness.folder.appendingPathComponent("store")
        // A key meant for a lone worker: were it passed on, the collector child would refuse to start.
        let run = try harness.start("gleaner", ["run", input.path], environment: [
            "GLEANER_STORE": store.path, "GLEANER_WORKERS": "1", "GLEANER_LOG_FORMAT": "json",
            "GLEANER_LOG_LEVEL": "info", "GLEANER_CURVE_KEY": "/nonexistent/worker.key"])
        let summary = run.awaitLine(startingWith: "gleaner: ", timeout: 60)
        XCTAssertEqual(run.wait(), 0)
        XCTAssertTrue(summary?.contains("5 articles, 0 failures") ?? false, summary ?? "no summary")
        XCTAssertEqual(StoreInspector.lineCount(in: store), 5, "the store is not where GLEANER_STORE points")
        let roles = Set(jsonLines(run.log).compactMap { $0["role"] as? String })
        XCTAssertEqual(roles, ["collector", "producer", "worker"], "the children did not log JSON")
    }

    func testInvalidVariable_isAUsageErrorNamingIt() throws {
        let harness = try makeHarness()
        let quiet = try harness.start("gleaner-producer", ["in"], environment: ["GLEANER_QUIET": "maybe"])
        XCTAssertEqual(quiet.wait(timeout: 20), 64)
        XCTAssertTrue(quiet.log.contains("GLEANER_QUIET=maybe"), quiet.log)

        let format = try harness.start("gleaner-collector", [], environment: ["GLEANER_LOG_FORMAT": "xml"])
        XCTAssertEqual(format.wait(timeout: 20), 64)
        XCTAssertTrue(format.log.contains("GLEANER_LOG_FORMAT → --log-format=xml"), format.log)
    }
}
