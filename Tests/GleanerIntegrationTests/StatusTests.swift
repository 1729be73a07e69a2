import Foundation
import XCTest

/// `gleaner status`: a status request to a running producer, answered without registering
/// the asker as a worker, over CURVE too.
final class StatusTests: IntegrationTestCase {
    private func status(_ harness: ProcessHarness, _ arguments: [String]) throws -> (Int32?, [String: Any]?, String) {
        let result = try harness.run("gleaner", ["status"] + arguments + ["--json"], timeout: 30)
        let object = try? JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        return (result.status, object, result.errors)
    }

    func testStatus_showsWorkersTasksAndProgress_andNeverRegistersTheAsker() throws {
        let harness = try makeHarness()
        let run = try harness.startPipeline(count: 300, workers: 2, workerFlags: ["--simulate-delay-ms", "40"])
        StoreInspector.waitForRecords(20, in: run.store)

        let (code, report, errors) = try status(harness, ["--producer", run.producerEndpoint])
        XCTAssertEqual(code, 0, errors)
        let r = try XCTUnwrap(report, "not JSON")
        XCTAssertEqual(r["schema"] as? String, "gleaner.status/1")
        XCTAssertEqual(r["endpoint"] as? String, run.producerEndpoint)
        XCTAssertEqual(r["state"] as? String, "running")
        XCTAssertEqual(r["workers_connected"] as? Int, 2, "the status client is not counted as a worker")
        let workers = try XCTUnwrap(r["workers"] as? [[String: Any]])
        XCTAssertEqual(workers.count, 2)
        XCTAssertEqual(Set(workers.compactMap { $0["health"] as? String }), ["ok"])
        let planning = try XCTUnwrap(r["planning"] as? [String: Any])
        XCTAssertEqual(planning["files_listed"] as? Int, 300)
        let tasks = try XCTUnwrap(r["tasks"] as? [String: Any])
        let committed = try XCTUnwrap(r["committed"] as? [String: Any])
        let done = (committed["articles"] as? Int ?? -1) + (committed["failures"] as? Int ?? -1)
        XCTAssertGreaterThan(done, 0)
        XCTAssertEqual((tasks["open"] as? Int ?? -1) + done, 300, "open + committed = every task")
        let phases = ["queued", "dispatched", "started", "finished", "awaiting_commit"].compactMap { tasks[$0] as? Int }
        XCTAssertEqual(phases.reduce(0, +), tasks["open"] as? Int, "each open task is in one phase")

        // The text form names the workers.
        let text = try harness.run("gleaner", ["status", "--producer", run.producerEndpoint], timeout: 30)
        XCTAssertEqual(text.status, 0, text.errors)
        XCTAssertTrue(text.output.contains("workers    2 connected"), text.output)
        for name in workers.compactMap({ $0["name"] as? String }) {
            XCTAssertTrue(text.output.contains(name), text.output)
        }

        // A second look later: commits moved on, the rate and the ETA appear.
        sleep(2)
        let (_, later, _) = try status(harness, ["--producer", run.producerEndpoint])
        let laterDone = ((later?["committed"] as? [String: Any])?["articles"] as? Int) ?? 0
        XCTAssertGreaterThan(laterDone, done)
        XCTAssertGreaterThan(later?["rate_per_second"] as? Double ?? 0, 0)
        XCTAssertNotNil(later?["eta_seconds"] as? Double)

        XCTAssertEqual(run.producer.wait(timeout: 120), 0)
        let joined = run.producer.log.components(separatedBy: "A worker joined.").count - 1
        XCTAssertEqual(joined, 2, "status requests never register a worker")
        for child in run.workers + [run.collector] { child.signal(SIGTERM) }

        // After the run the producer is gone: a clear sentence, exit 1.
        let gone = try harness.run(
            "gleaner", ["status", "--producer", run.producerEndpoint, "--timeout", "1"], timeout: 30)
        XCTAssertEqual(gone.status, 1)
        XCTAssertTrue(gone.errors.contains("did not answer within 1.0 s"), gone.errors)
    }

    func testStatus_watch_printsOneJSONLinePerInterval() throws {
        let harness = try makeHarness()
        let run = try harness.startPipeline(count: 200, workers: 1, workerFlags: ["--simulate-delay-ms", "30"])
        StoreInspector.waitForRecords(5, in: run.store)
        let watcher = try harness.start(
            "gleaner",
            [
                "status", "--producer", run.producerEndpoint, "--watch", "--json",
                "--interval", "0.5",
            ])
        var reports: [[String: Any]] = []
        while reports.count < 3, let line = watcher.awaitLine(startingWith: "{", timeout: 10) {
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                reports.append(object)
            }
        }
        watcher.signal(SIGINT)
        XCTAssertEqual(watcher.wait(timeout: 10), 0, "Ctrl-C ends --watch cleanly")
        XCTAssertEqual(reports.count, 3)
        let elapsed = reports.compactMap { $0["elapsed_seconds"] as? Double }
        XCTAssertEqual(elapsed, elapsed.sorted(), "reports in order")
        XCTAssertLessThan(elapsed.first ?? 0, elapsed.last ?? 0)
        run.producer.signal(SIGTERM)
        for child in run.workers + [run.collector] { child.signal(SIGTERM) }
    }

    func testStatus_overCurve_answersAnAllowedKey_andNotAStranger() throws {
        let harness = try makeHarness()
        let keys = harness.folder.appendingPathComponent("keys")
        let collectorAllow = keys.appendingPathComponent("collector-allow")
        let producerAllow = keys.appendingPathComponent("producer-allow")
        for folder in [collectorAllow, producerAllow] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        for name in ["collector", "producer", "ops", "stranger"] {
            XCTAssertEqual(try harness.gleaner(["keygen", keys.appendingPathComponent(name).path]).0, 0)
        }
        func key(_ name: String, _ ext: String) -> String { keys.appendingPathComponent("\(name).\(ext)").path }
        try FileManager.default.copyItem(
            atPath: key("producer", "pub"), toPath: collectorAllow.appendingPathComponent("producer.pub").path)
        try FileManager.default.copyItem(
            atPath: key("ops", "pub"), toPath: producerAllow.appendingPathComponent("ops.pub").path)

        let input = harness.folder.appendingPathComponent("in")
        try GeneratedCorpus.write(count: 10, into: input)
        let (collector, collectorEndpoint) = try harness.startCollector(
            store: harness.folder.appendingPathComponent("store"),
            extra: ["--curve-key", key("collector", "key"), "--curve-allow", collectorAllow.path])
        let (producer, producerEndpoint) = try harness.startProducer(
            paths: [input.path], collector: collectorEndpoint,
            extra: [
                "--curve-key", key("producer", "key"), "--curve-allow", producerAllow.path, "--collector-key",
                key("collector", "pub"),
            ])

        let (allowed, report, errors) = try status(
            harness,
            [
                "--producer", producerEndpoint, "--curve-key", key("ops", "key"), "--producer-key",
                key("producer", "pub"),
            ])
        XCTAssertEqual(allowed, 0, errors)
        XCTAssertEqual((report?["planning"] as? [String: Any])?["files_listed"] as? Int, 10)
        XCTAssertEqual(report?["workers_connected"] as? Int, 0)

        let (refused, _, refusal) = try status(
            harness,
            [
                "--producer", producerEndpoint, "--curve-key", key("stranger", "key"), "--producer-key",
                key("producer", "pub"),
                "--timeout", "2",
            ])
        XCTAssertEqual(refused, 1, "a key outside the allow-list gets no answer")
        XCTAssertTrue(refusal.contains("--curve-allow"), refusal)

        let (plain, _, _) = try status(harness, ["--producer", producerEndpoint, "--timeout", "2"])
        XCTAssertEqual(plain, 1, "without CURVE the handshake never completes")
        for child in [producer, collector] { child.signal(SIGTERM) }
    }
}
