import Foundation
@testable import GleanerCore
import XCTest

/// The faults a run must survive, each with real processes on local sockets. After each one:
/// every unique input article is in the store exactly once, failure records exist only for bad
/// input and poison, and the producer exits 0 within the liveness bound.
final class FaultTests: IntegrationTestCase {
    /// The liveness bound for these runs (seconds): see docs/reliability.md. Tests use a
    /// 10 s lease: (attempts + 2) × (lease + liveness) plus room for a slow debug build.
    static let bound = 5 * (10 + 3) + 120.0
    static let lease = ["--lease", "10"]
    /// Seconds a fault lasts at least: longer than the liveness period (3 s), so it is noticed.
    static let outlast = 5


    /// Restarts dead workers until the producer exits; `fault` runs every ~interval.
    private func supervise(
        _ producer: ProcessHarness.Child, workers: inout [ProcessHarness.Child],
        every interval: Double = 0.5, timeout: Double = FaultTests.bound + 30,
        restart: () throws -> ProcessHarness.Child,
        fault: (inout [ProcessHarness.Child]) throws -> Void = { _ in }
    ) rethrows -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var nextFault = Date().addingTimeInterval(interval)
        while producer.isRunning && Date() < deadline {
            for n in workers.indices where !workers[n].isRunning { workers[n] = try restart() }
            if Date() >= nextFault {
                try fault(&workers)
                nextFault = Date().addingTimeInterval(interval * Double.random(in: 0.5...1.5))
            }
            usleep(20_000)
        }
        return producer.wait(timeout: 1)
    }

    private func stopAll(_ children: [ProcessHarness.Child]) {
        for child in children { child.signal(SIGCONT); child.signal(SIGTERM) }
        for child in children { _ = child.wait(timeout: 40) }
    }

    // MARK: 1. Worker churn

    func testChurn_workersKilledEveryHalfSecond_throughTwoThousandArticles_everyArticleStoredOnce() throws {
        let harness = try makeHarness()
        // Each article takes at least 15 ms, so the run lasts 10 s or more however fast the machine
        // (2,000 × 15 ms over 3 workers): long enough for the churn, whatever the build's speed.
        let slow = ["--simulate-delay-ms", "15"]
        var run = try harness.startPipeline(count: 2_000, workers: 3, workerFlags: slow, producerFlags: Self.lease)
        // About 40 kills, as many as a user saw wedge a run; then the run must end within the bound.
        var kills = 0
        let status = try supervise(
            run.producer, workers: &run.workers,
            restart: {
                try harness.startWorker(
                    producer: run.producerEndpoint, collector: run.collectorEndpoint, extra: slow)
            },
            fault: { workers in
                guard kills < 40 else { return }
                let n = Int.random(in: 0..<workers.count)
                workers[n].signal(SIGKILL)
                _ = workers[n].wait(timeout: 5)
                kills += 1
            })
        XCTAssertEqual(status, 0, "the run did not end within \(Self.bound) s")
        XCTAssertGreaterThan(kills, 10, "the run ended after \(kills) kills, before the churn did much")
        stopAll(run.workers + [run.collector])
        try assertClean(run.store, inputs: [harness.folder.appendingPathComponent("in").path])
    }

    // MARK: 2. A worker paused mid-task

    func testStoppedWorker_itsTasksMoveOn_andItsLateResultsAreDroppedAsDuplicates() throws {
        let harness = try makeHarness()
        let slow = ["--simulate-delay-ms", "20"]
        let run = try harness.startPipeline(count: 600, workers: 2, workerFlags: slow, producerFlags: Self.lease)
        StoreInspector.waitForRecords(30, in: run.store)
        run.workers[0].signal(SIGSTOP)
        let atStop = StoreInspector.lineCount(in: run.store)
        XCTAssertLessThan(atStop, 600, "the run finished before the pause")
        XCTAssertGreaterThan(
            StoreInspector.waitForRecords(atStop + 60, in: run.store, timeout: 60), atStop + 59,
            "the other worker must carry on while one is stopped")
        sleep(UInt32(Self.outlast))
        run.workers[0].signal(SIGCONT)
        XCTAssertEqual(run.producer.wait(timeout: Self.bound), 0)
        stopAll(run.workers + [run.collector])
        try assertClean(run.store, inputs: [harness.folder.appendingPathComponent("in").path])
        XCTAssertTrue(run.producer.log.contains("Dropped a worker: it stopped answering"), "the pause was not noticed")
    }

    // MARK: 3. Collector killed and restarted, several times

    func testCollectorKilledThreeTimes_runCompletes_nothingLostNothingTwice() throws {
        let harness = try makeHarness()
        let run = try harness.startPipeline(
            count: 600, workers: 2, workerFlags: ["--simulate-delay-ms", "5"],
            producerFlags: Self.lease)
        var collector = run.collector
        for round in 1...3 {
            let before = StoreInspector.waitForRecords(60 * round, in: run.store)
            collector.signal(SIGKILL)
            _ = collector.wait(timeout: 10)
            XCTAssertLessThan(before, 600, "round \(round): the run finished before the kill")
            usleep(300_000)
            collector = try harness.startCollector(store: run.store, bind: run.collectorEndpoint).0
        }
        XCTAssertEqual(run.producer.wait(timeout: Self.bound), 0)
        stopAll(run.workers + [collector])
        try assertClean(run.store, inputs: [harness.folder.appendingPathComponent("in").path])
    }

    // MARK: 4. Producer killed and restarted

    func testProducerKilledAndRestarted_onTheSameEndpoint_resumesWithTheSameWorkers() throws {
        let harness = try makeHarness()
        let run = try harness.startPipeline(
            count: 400, workers: 2, workerFlags: ["--simulate-delay-ms", "10"],
            producerFlags: Self.lease)
        StoreInspector.waitForRecords(50, in: run.store)
        run.producer.signal(SIGKILL)
        _ = run.producer.wait(timeout: 10)
        let before = StoreInspector.lineCount(in: run.store)
        XCTAssertLessThan(before, 400, "the run finished before the kill")
        let input = harness.folder.appendingPathComponent("in").path
        let (second, _) = try harness.startProducer(
            paths: [input], collector: run.collectorEndpoint,
            bind: run.producerEndpoint, extra: Self.lease)
        let summary = second.awaitLine(startingWith: "gleaner-producer: ", timeout: Self.bound)
        XCTAssertEqual(second.wait(timeout: 10), 0)
        XCTAssertTrue(summary?.contains("skipped") ?? false, summary ?? "no summary")
        stopAll(run.workers + [run.collector])
        try assertClean(run.store, inputs: [input])
    }

    // MARK: 5. A poison article

    func testPoisonArticle_thatKillsEveryWorker_endsAsAFailureRecord_andNothingInnocentFails() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        let marker = "POISON-\(UUID().uuidString)"
        try GeneratedCorpus.write(count: 200, into: input) { $0 == 77 ? " \(marker)" : "" }
        let poison = input.appendingPathComponent("batch1/article-77.txt").path
        let store = harness.folder.appendingPathComponent("store")
        let (collector, collectorEndpoint) = try harness.startCollector(store: store)
        let (producer, producerEndpoint) = try harness.startProducer(
            paths: [input.path], collector: collectorEndpoint,
            extra: Self.lease)
        func worker() throws -> ProcessHarness.Child {
            try harness.startWorker(
                producer: producerEndpoint, collector: collectorEndpoint, extra: ["--threads", "2"],
                environment: ["GLEANER_FAULT_CRASH_ON": marker])
        }
        var workers = try [worker(), worker()]
        let status = try supervise(producer, workers: &workers, restart: worker)
        XCTAssertEqual(status, 0)
        stopAll(workers + [collector])
        let audit = try assertClean(store, inputs: [input.path], mayFail: [poison])
        XCTAssertEqual(audit.failures, ["max-attempts": 1], "only the poison article fails")
        XCTAssertTrue(
            harness.children.filter { !$0.isRunning && $0.name == "gleaner-worker" }.count >= 3,
            "the poison must have killed a worker on each attempt")
    }

    // MARK: A hanging extraction, and what the producer says meanwhile

    func testHangingArticle_isNamedInTheStallReport_itsWorkerRestarts_andItEndsAsAFailureRecord() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        let marker = "HANG-\(UUID().uuidString)"
        try GeneratedCorpus.write(count: 40, into: input) { $0 == 13 ? " \(marker)" : "" }
        let hanging = input.appendingPathComponent("batch1/article-13.txt").path
        let store = harness.folder.appendingPathComponent("store")
        let (collector, collectorEndpoint) = try harness.startCollector(store: store)
        let (producer, producerEndpoint) = try harness.startProducer(
            paths: [input.path], collector: collectorEndpoint,
            extra: ["--lease", "30", "--stall-report", "2", "--max-attempts", "2", "--log-level", "debug"])
        func worker() throws -> ProcessHarness.Child {
            try harness.startWorker(
                producer: producerEndpoint, collector: collectorEndpoint, extra: ["--extraction-timeout", "4"],
                environment: ["GLEANER_FAULT_HANG_ON": marker])
        }
        var workers = [try worker()]
        XCTAssertEqual(try supervise(producer, workers: &workers, restart: worker), 0)
        stopAll(workers + [collector])
        let audit = try assertClean(store, inputs: [input.path], mayFail: [hanging])
        XCTAssertEqual(audit.failures, ["max-attempts": 1])
        let log = producer.log
        XCTAssertTrue(log.contains("No task committed for"), "a stall must be reported")
        XCTAssertTrue(log.contains("Open task.") && log.contains("article-13.txt") && log.contains("phase=started"),
                      "the report names the open task, its phase and its path")
        for event in ["Task dispatched.", "Task started.", "Task finished.", "Task committed."] {
            XCTAssertTrue(log.contains(event), "--log-level debug shows '\(event)'")
        }
        let watchdog = harness.children.filter { $0.name == "gleaner-worker" && $0.log.contains("has run for") }
        XCTAssertFalse(watchdog.isEmpty, "the stuck worker must say which extraction hung")
        XCTAssertTrue(watchdog.allSatisfy { $0.wait(timeout: 1) == 1 }, "a stuck worker exits 1 to be restarted")
    }

    // MARK: 6. A stalled link

    func testStalledLink_workerWhosePacketsStop_itsTasksMoveOn_andTheRunEnds() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        try GeneratedCorpus.write(count: 600, into: input)
        let store = harness.folder.appendingPathComponent("store")
        let (collector, collectorEndpoint) = try harness.startCollector(store: store)
        let (producer, producerEndpoint) = try harness.startProducer(
            paths: [input.path], collector: collectorEndpoint,
            extra: Self.lease)
        let port = try XCTUnwrap(UInt16(producerEndpoint.split(separator: ":").last!))
        let proxy = try StallingProxy(targetPort: port)
        defer { proxy.shutdown() }
        let slow = ["--simulate-delay-ms", "20"]
        let behind = try harness.startWorker(producer: proxy.endpoint, collector: collectorEndpoint, extra: slow)
        StoreInspector.waitForRecords(20, in: store)
        proxy.stall()
        let direct = try harness.startWorker(producer: producerEndpoint, collector: collectorEndpoint, extra: slow)
        let atStall = StoreInspector.lineCount(in: store)
        XCTAssertLessThan(atStall, 600, "the run finished before the stall")
        XCTAssertGreaterThan(StoreInspector.waitForRecords(atStall + 40, in: store, timeout: 60), atStall + 39)
        sleep(UInt32(Self.outlast))
        proxy.resume()
        XCTAssertEqual(producer.wait(timeout: Self.bound), 0)
        stopAll([behind, direct, collector])
        try assertClean(store, inputs: [input.path])
        XCTAssertTrue(producer.log.contains("Dropped a worker: it stopped answering"), "the stall was not noticed")
    }
}
