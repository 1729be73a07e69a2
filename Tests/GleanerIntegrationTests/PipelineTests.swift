import Foundation
import XCTest

/// The three roles as separate processes on loopback TCP, checked through the store.
final class PipelineTests: IntegrationTestCase {
    private func assertEveryArticleStoredOnce(
        _ store: URL, expected paths: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let records = try StoreInspector.records(in: store)
        let ids = records.compactMap { $0["id"] as? String }
        XCTAssertEqual(ids.count, Set(ids).count, "a record is stored twice", file: file, line: line)
        let storedPaths = Set(records.compactMap { ($0["source"] as? [String: Any])?["path"] as? String })
        XCTAssertEqual(storedPaths, Set(paths), "stored paths differ from the input", file: file, line: line)
        XCTAssertTrue(records.allSatisfy { $0["schema"] as? String == "gleaner.article/1" }, file: file, line: line)
    }

    func testPipeline_withThreeWorkers_storesEveryArticleExactlyOnce() throws {
        let harness = try makeHarness()
        let run = try harness.startPipeline(count: 300, workers: 3)
        let (paths, store, collector, producer, workers) = (
            run.paths, run.store, run.collector, run.producer, run.workers
        )

        let summary = producer.awaitLine(startingWith: "gleaner-producer: ", timeout: 120)
        XCTAssertEqual(producer.wait(), 0)
        XCTAssertTrue(summary?.contains("300 articles, 0 failures, 0 skipped") ?? false, summary ?? "no summary")
        for worker in workers { worker.signal(SIGTERM) }
        for worker in workers { XCTAssertEqual(worker.wait(), 0, "worker did not stop cleanly on SIGTERM") }
        collector.signal(SIGTERM)
        XCTAssertEqual(collector.wait(), 0, "collector did not stop cleanly on SIGTERM")
        try assertEveryArticleStoredOnce(store, expected: paths)

        let corpus = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: store.appendingPathComponent("corpus.json")))
                as? [String: Any])
        XCTAssertEqual((corpus["stats"] as? [String: Any])?["articles"] as? Int, 300)
    }

    func testPipeline_whenWorkerIsKilledMidRun_storesEveryArticleExactlyOnce() throws {
        let harness = try makeHarness()
        // Slow workers (simulated 10 ms per task) so the kill lands mid-run with tasks in hand.
        let slow = ["--simulate-delay-ms", "10"]
        let run = try harness.startPipeline(count: 300, workers: 3, workerFlags: slow)
        let (paths, store, collector, producer, workers) = (
            run.paths, run.store, run.collector, run.producer, run.workers
        )
        let (collectorEndpoint, producerEndpoint) = (run.collectorEndpoint, run.producerEndpoint)

        let killAt = Date().addingTimeInterval(30)
        while StoreInspector.lineCount(in: store) < 40 && Date() < killAt { usleep(10_000) }
        workers[1].signal(SIGKILL)
        let killedWhileRunning = StoreInspector.lineCount(in: store) < 300
        let replacement = try harness.startWorker(producer: producerEndpoint, collector: collectorEndpoint, extra: slow)

        let summary = producer.awaitLine(startingWith: "gleaner-producer: ", timeout: 120)
        XCTAssertEqual(producer.wait(), 0)
        XCTAssertTrue(killedWhileRunning, "the run finished before the kill: the test did not exercise a crash")
        XCTAssertTrue(summary?.contains("300 articles, 0 failures") ?? false, summary ?? "no summary")
        for worker in [workers[0], workers[2], replacement] { worker.signal(SIGTERM) }
        collector.signal(SIGTERM)
        XCTAssertEqual(collector.wait(), 0)
        try assertEveryArticleStoredOnce(store, expected: paths)
    }

    func testPipeline_withBadInput_storesFailureRecordsAndFinishes() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        let good = try GeneratedCorpus.write(count: 20, into: input)
        let bad = input.appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        try Data().write(to: bad.appendingPathComponent("empty.txt"))
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + Array(repeating: 0, count: 500)).write(
            to: bad.appendingPathComponent("program.bin"))
        try Data((0..<400).map { UInt8(0x80 + $0 % 0x40) }).write(to: bad.appendingPathComponent("latin.txt"))
        try Data(repeating: 0x61, count: 5_000).write(to: bad.appendingPathComponent("huge.txt"))
        try Data("hidden".utf8).write(to: input.appendingPathComponent(".hidden"))
        let store = harness.folder.appendingPathComponent("store")
        let (collector, collectorEndpoint) = try harness.startCollector(store: store)
        let limit = ["--max-article-bytes", "4000"]
        let (producer, producerEndpoint) = try harness.startProducer(
            paths: [input.path], collector: collectorEndpoint, extra: limit)
        let worker = try harness.startWorker(producer: producerEndpoint, collector: collectorEndpoint, extra: limit)

        let summary = producer.awaitLine(startingWith: "gleaner-producer: ", timeout: 60)
        XCTAssertEqual(producer.wait(), 0)
        XCTAssertTrue(summary?.contains("20 articles, 4 failures, 1 skipped") ?? false, summary ?? "no summary")
        worker.signal(SIGTERM)
        collector.signal(SIGTERM)
        XCTAssertEqual(collector.wait(), 0)

        let records = try StoreInspector.records(in: store)
        var reasons: [String: String] = [:]
        for r in records where r["schema"] as? String == "gleaner.failure/1" {
            reasons[
                ((r["source"] as? [String: Any])?["path"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent }
                    ?? ""] = r["reason"] as? String
        }
        XCTAssertEqual(
            reasons,
            ["empty.txt": "empty", "program.bin": "binary", "latin.txt": "invalid-utf8", "huge.txt": "too-large"])
        XCTAssertEqual(records.filter { $0["schema"] as? String == "gleaner.article/1" }.count, good.count)
    }

    func testWorker_pointedAtAWrongCollector_saysSo_andTheProducerSaysSo_andGivesItNoWork() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        let paths = try GeneratedCorpus.write(count: 30, into: input)
        let store = harness.folder.appendingPathComponent("store")
        let (collector, collectorEndpoint) = try harness.startCollector(store: store)
        let (producer, producerEndpoint) = try harness.startProducer(paths: [input.path], collector: collectorEndpoint)
        let nowhere = "ipc://\(harness.folder.path)/no-collector-here"
        let lost = try harness.startWorker(producer: producerEndpoint, collector: nowhere)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline && !producer.log.contains("cannot reach its collector") { usleep(100_000) }
        XCTAssertTrue(lost.log.contains("The collector does not answer"), "the worker must say so")
        XCTAssertTrue(producer.log.contains("A worker cannot reach its collector"), "the producer must say so")
        XCTAssertTrue(producer.log.contains(nowhere), "the producer names the endpoint the worker uses")
        XCTAssertEqual(StoreInspector.lineCount(in: store), 0, "no task may go to a worker whose results go nowhere")
        let good = try harness.startWorker(producer: producerEndpoint, collector: collectorEndpoint)
        XCTAssertEqual(producer.wait(timeout: 60), 0)
        for child in [lost, good, collector] { child.signal(SIGTERM) }
        XCTAssertEqual(collector.wait(), 0)
        try assertEveryArticleStoredOnce(store, expected: paths)
    }

    func testProducer_whenCollectorIsUnreachable_exitsWithCode2() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        try GeneratedCorpus.write(count: 2, into: input)
        // Nothing listens on this ipc endpoint.
        let nowhere = "ipc://\(harness.folder.path)/no-collector"
        let producer = try harness.start(
            "gleaner-producer",
            [
                input.path, "--bind", "tcp://127.0.0.1:0", "--collector", nowhere,
                "--connect-timeout", "1", "--quiet",
            ])
        XCTAssertEqual(producer.wait(timeout: 30), 2)
    }
}

/// Crash and restart of the collector itself.
final class CollectorCrashTests: IntegrationTestCase {
    func testPipeline_whenCollectorIsKilledAndRestarted_losesNothingAndStoresNothingTwice() throws {
        let harness = try makeHarness()
        let run = try harness.startPipeline(count: 300, workers: 2, workerFlags: ["--simulate-delay-ms", "10"])
        let (paths, store, collector, producer, workers) = (
            run.paths, run.store, run.collector, run.producer, run.workers
        )
        let collectorEndpoint = run.collectorEndpoint

        let deadline = Date().addingTimeInterval(30)
        while StoreInspector.lineCount(in: store) < 40 && Date() < deadline { usleep(10_000) }
        collector.signal(SIGKILL)
        XCTAssertNotNil(collector.wait(timeout: 10))
        let committedBeforeCrash = StoreInspector.lineCount(in: store)
        XCTAssertLessThan(
            committedBeforeCrash, 300, "the run finished before the kill: the test did not exercise a crash")
        let restarted = try harness.start(
            "gleaner-collector", ["--store", store.path, "--bind", collectorEndpoint, "--log-level", "warning"])
        XCTAssertNotNil(restarted.awaitLine(startingWith: "gleaner-collector: listening on "))

        let summary = producer.awaitLine(startingWith: "gleaner-producer: ", timeout: 120)
        XCTAssertEqual(producer.wait(), 0)
        XCTAssertTrue(summary?.contains("300 articles, 0 failures") ?? false, summary ?? "no summary")
        for worker in workers { worker.signal(SIGTERM) }
        restarted.signal(SIGTERM)
        XCTAssertEqual(restarted.wait(), 0)
        let records = try StoreInspector.records(in: store)
        let ids = records.compactMap { $0["id"] as? String }
        XCTAssertEqual(ids.count, 300)
        XCTAssertEqual(Set(ids).count, 300)
        XCTAssertEqual(Set(records.compactMap { ($0["source"] as? [String: Any])?["path"] as? String }), Set(paths))
    }
}

/// A producer that dies mid-run, and a second run over the same input.
final class ResumeTests: IntegrationTestCase {
    func testSecondProducerRun_afterTheFirstIsKilled_resumesAndStoresNothingTwice() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        let paths = try GeneratedCorpus.write(count: 200, into: input)
        let store = harness.folder.appendingPathComponent("store")
        let (collector, collectorEndpoint) = try harness.startCollector(store: store)
        let (first, firstEndpoint) = try harness.startProducer(paths: [input.path], collector: collectorEndpoint)
        let slow = ["--simulate-delay-ms", "10"]
        let worker = try harness.startWorker(producer: firstEndpoint, collector: collectorEndpoint, extra: slow)

        let deadline = Date().addingTimeInterval(30)
        while StoreInspector.lineCount(in: store) < 30 && Date() < deadline { usleep(10_000) }
        first.signal(SIGKILL)
        XCTAssertNotNil(first.wait(timeout: 10))
        worker.signal(SIGTERM)
        XCTAssertEqual(worker.wait(timeout: 40), 0)
        let storedBefore = StoreInspector.lineCount(in: store)
        XCTAssertLessThan(storedBefore, 200, "the first run finished before the kill")

        let (second, secondEndpoint) = try harness.startProducer(paths: [input.path], collector: collectorEndpoint)
        let replacement = try harness.startWorker(producer: secondEndpoint, collector: collectorEndpoint)
        let summary = second.awaitLine(startingWith: "gleaner-producer: ", timeout: 120)
        XCTAssertEqual(second.wait(), 0)
        XCTAssertTrue(
            summary?.contains("\(200 - storedBefore) articles, 0 failures, \(storedBefore) skipped") ?? false,
            "\(summary ?? "no summary") (stored before: \(storedBefore))")
        replacement.signal(SIGTERM)
        collector.signal(SIGTERM)
        XCTAssertEqual(collector.wait(), 0)
        let records = try StoreInspector.records(in: store)
        XCTAssertEqual(records.count, 200)
        XCTAssertEqual(Set(records.compactMap { $0["id"] as? String }).count, 200)
        XCTAssertEqual(Set(records.compactMap { ($0["source"] as? [String: Any])?["path"] as? String }), Set(paths))
    }
}

/// CurveZMQ with allow-lists, across real processes.
final class SecurityTests: IntegrationTestCase {
    func testCurve_onlyAllowListedWorkersGetWork_andEverythingIsStoredOnce() throws {
        let harness = try makeHarness()
        let keys = harness.folder.appendingPathComponent("keys")
        let collectorAllow = keys.appendingPathComponent("collector-allow"),
            producerAllow = keys.appendingPathComponent("producer-allow")
        for folder in [collectorAllow, producerAllow] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        for name in ["collector", "producer", "trusted", "stranger"] {
            XCTAssertEqual(try harness.gleaner(["keygen", keys.appendingPathComponent(name).path]).0, 0)
        }
        func copy(_ name: String, to folder: URL) throws {
            try FileManager.default.copyItem(
                at: keys.appendingPathComponent("\(name).pub"), to: folder.appendingPathComponent("\(name).pub"))
        }
        try copy("producer", to: collectorAllow)
        try copy("trusted", to: collectorAllow)
        try copy("trusted", to: producerAllow)
        func key(_ name: String, _ ext: String) -> String { keys.appendingPathComponent("\(name).\(ext)").path }

        let input = harness.folder.appendingPathComponent("in")
        let paths = try GeneratedCorpus.write(count: 40, into: input)
        let store = harness.folder.appendingPathComponent("store")
        let collector = try harness.start(
            "gleaner-collector",
            [
                "--store", store.path, "--bind", "tcp://127.0.0.1:0", "--log-level", "warning",
                "--curve-key", key("collector", "key"), "--curve-allow", collectorAllow.path,
            ])
        let collectorEndpoint = String(
            try XCTUnwrap(collector.awaitLine(startingWith: "gleaner-collector: listening on ")).dropFirst(
                "gleaner-collector: listening on ".count))
        let (producer, producerEndpoint) = try harness.startProducer(
            paths: [input.path], collector: collectorEndpoint,
            extra: [
                "--curve-key", key("producer", "key"), "--curve-allow", producerAllow.path, "--collector-key",
                key("collector", "pub"),
            ])
        func worker(_ name: String) throws -> ProcessHarness.Child {
            try harness.startWorker(
                producer: producerEndpoint, collector: collectorEndpoint,
                extra: [
                    "--curve-key", key(name, "key"), "--producer-key", key("producer", "pub"), "--collector-key",
                    key("collector", "pub"),
                ])
        }

        let stranger = try worker("stranger")
        sleep(3)
        XCTAssertEqual(StoreInspector.lineCount(in: store), 0, "a worker whose key is not allowed must get no work")
        let trusted = try worker("trusted")
        let summary = producer.awaitLine(startingWith: "gleaner-producer: ", timeout: 60)
        XCTAssertEqual(producer.wait(), 0)
        XCTAssertTrue(summary?.contains("40 articles, 0 failures") ?? false, summary ?? "no summary")
        for child in [stranger, trusted, collector] { child.signal(SIGTERM) }
        XCTAssertEqual(collector.wait(), 0)
        let records = try StoreInspector.records(in: store)
        XCTAssertEqual(Set(records.compactMap { ($0["source"] as? [String: Any])?["path"] as? String }), Set(paths))
        XCTAssertEqual(records.count, 40)
    }
}

/// `gleaner-producer --watch`: files that land in a folder become articles while it runs.
final class WatchModeTests: IntegrationTestCase {
    func testWatch_takesFilesAsTheyLand_writtenInPlace_renamedIn_andInNewFolders_untilStopped() throws {
        let harness = try makeHarness()
        let incoming = harness.folder.appendingPathComponent("incoming")
        let first = try GeneratedCorpus.write(count: 5, into: incoming)
        let store = harness.folder.appendingPathComponent("store")
        let (collector, collectorEndpoint) = try harness.startCollector(store: store)
        let (producer, producerEndpoint) = try harness.startProducer(
            paths: [incoming.path], collector: collectorEndpoint, extra: ["--watch", "--ext", "txt"])
        let worker = try harness.startWorker(producer: producerEndpoint, collector: collectorEndpoint)
        XCTAssertEqual(StoreInspector.waitForRecords(5, in: store), 5, "what is there at start is taken")

        // Written in place, renamed in from elsewhere, in a folder made later, and ignored.
        let staging = harness.folder.appendingPathComponent("staging")
        let later = try GeneratedCorpus.write(count: 6, into: staging) { " later \($0)" }
        try FileManager.default.moveItem(atPath: later[0], toPath: incoming.appendingPathComponent("moved.txt").path)
        try Data(try Data(contentsOf: URL(fileURLWithPath: later[1]))).write(
            to: incoming.appendingPathComponent("written.txt"))
        let nested = incoming.appendingPathComponent("2026/11")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: later[2], toPath: nested.appendingPathComponent("a.txt").path)
        try Data("not an article".utf8).write(to: incoming.appendingPathComponent("notes.md"))
        try Data("hidden".utf8).write(to: incoming.appendingPathComponent(".partial.txt"))
        XCTAssertEqual(StoreInspector.waitForRecords(8, in: store), 8)
        usleep(500_000)
        XCTAssertEqual(StoreInspector.lineCount(in: store), 8, "nothing else is taken")
        XCTAssertTrue(producer.isRunning, "a watching producer keeps running")

        producer.signal(SIGTERM)
        let summary = producer.awaitLine(startingWith: "gleaner-producer: ", timeout: 60)
        XCTAssertEqual(producer.wait(timeout: 60), 0, summary ?? "no summary")
        XCTAssertTrue(summary?.contains("8 articles") ?? false, summary ?? "no summary")
        for child in [worker, collector] { child.signal(SIGTERM) }
        XCTAssertEqual(collector.wait(), 0)
        let paths = Set(
            try StoreInspector.records(in: store).compactMap { ($0["source"] as? [String: Any])?["path"] as? String })
        XCTAssertEqual(
            paths,
            Set(first + ["moved.txt", "written.txt", "2026/11/a.txt"].map { incoming.appendingPathComponent($0).path }))
    }
}
