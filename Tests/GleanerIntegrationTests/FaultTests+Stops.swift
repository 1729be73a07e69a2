import Foundation
@testable import GleanerCore
import XCTest

/// Graceful stops, a full disk, hostile files and hostile peers.
final class StopAndDiskFaultTests: IntegrationTestCase {

    // MARK: 8. SIGTERM to each role

    func testSIGTERM_toAWorker_drainsAndExitsZero_andItsTasksGoElsewhere() throws {
        let harness = try makeHarness()
        let run = try harness.startPipeline(
            count: 300, workers: 2, workerFlags: ["--simulate-delay-ms", "20"],
            producerFlags: FaultTests.lease)
        StoreInspector.waitForRecords(30, in: run.store)
        run.workers[0].signal(SIGTERM)
        XCTAssertEqual(run.workers[0].wait(timeout: 40), 0, "a stopped worker exits 0")
        XCTAssertEqual(run.producer.wait(timeout: FaultTests.bound), 0)
        run.workers[1].signal(SIGTERM)
        XCTAssertEqual(run.workers[1].wait(timeout: 40), 0)
        run.collector.signal(SIGTERM)
        XCTAssertEqual(run.collector.wait(timeout: 40), 0)
        try assertClean(run.store, inputs: [harness.folder.appendingPathComponent("in").path])
    }

    func testSIGTERM_toTheCollector_flushesAndExitsZero_andARestartFinishesTheRun() throws {
        let harness = try makeHarness()
        let run = try harness.startPipeline(
            count: 300, workers: 2, workerFlags: ["--simulate-delay-ms", "10"],
            producerFlags: FaultTests.lease)
        StoreInspector.waitForRecords(40, in: run.store)
        run.collector.signal(SIGTERM)
        XCTAssertEqual(run.collector.wait(timeout: 40), 0, "a stopped collector exits 0")
        XCTAssertLessThan(StoreInspector.lineCount(in: run.store), 300, "the run finished before the stop")
        let (restarted, _) = try harness.startCollector(store: run.store, bind: run.collectorEndpoint)
        XCTAssertEqual(run.producer.wait(timeout: FaultTests.bound), 0)
        for child in run.workers + [restarted] { child.signal(SIGTERM) }
        XCTAssertEqual(restarted.wait(timeout: 40), 0)
        try assertClean(run.store, inputs: [harness.folder.appendingPathComponent("in").path])
    }

    func testSIGTERM_toTheProducer_waitsForWhatWorkersHold_exits3_andARerunFinishes() throws {
        let harness = try makeHarness()
        let run = try harness.startPipeline(
            count: 300, workers: 2, workerFlags: ["--simulate-delay-ms", "10"],
            producerFlags: FaultTests.lease)
        StoreInspector.waitForRecords(40, in: run.store)
        run.producer.signal(SIGTERM)
        let summary = run.producer.awaitLine(startingWith: "gleaner-producer: ", timeout: 60)
        XCTAssertEqual(run.producer.wait(timeout: 60), 3, "stopped before the end: exit 3")
        XCTAssertTrue(summary?.contains("unfinished") ?? false, summary ?? "no summary")
        let input = harness.folder.appendingPathComponent("in").path
        let (second, _) = try harness.startProducer(
            paths: [input], collector: run.collectorEndpoint,
            bind: run.producerEndpoint, extra: FaultTests.lease)
        XCTAssertEqual(second.wait(timeout: FaultTests.bound), 0)
        for child in run.workers + [run.collector] { child.signal(SIGTERM) }
        XCTAssertEqual(run.collector.wait(timeout: 40), 0)
        try assertClean(run.store, inputs: [input])
    }

    // MARK: 7. The collector's disk fills up

    func testDiskFull_collectorAcksNothingItCannotStore_saysSo_andCarriesOnWhenSpaceReturns() throws {
        try XCTSkipUnless(getuid() == 0, "needs root to mount a small tmpfs")
        let harness = try makeHarness()
        let mountPoint = harness.folder.appendingPathComponent("small-disk")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        try XCTSkipUnless(
            Self.shell("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.path) == 0,
            "cannot mount a tmpfs here")
        defer { _ = Self.shell("umount", "-l", mountPoint.path) }
        let input = harness.folder.appendingPathComponent("in")
        try GeneratedCorpus.write(count: 1_500, into: input)
        let store = mountPoint.appendingPathComponent("store")
        let (collector, collectorEndpoint) = try harness.startCollector(store: store)
        let (producer, producerEndpoint) = try harness.startProducer(
            paths: [input.path], collector: collectorEndpoint,
            extra: FaultTests.lease)
        let worker = try harness.startWorker(producer: producerEndpoint, collector: collectorEndpoint)
        let deadline = Date().addingTimeInterval(120)
        while !collector.log.contains("Cannot write the store") && Date() < deadline && producer.isRunning {
            usleep(50_000)
        }
        XCTAssertTrue(collector.log.contains("Cannot write the store"), "the disk never filled: the test did nothing")
        let stuckAt = StoreInspector.lineCount(in: store)
        sleep(2)
        XCTAssertEqual(StoreInspector.lineCount(in: store), stuckAt, "nothing is stored while the disk is full")
        XCTAssertTrue(producer.isRunning)
        XCTAssertEqual(Self.shell("mount", "-o", "remount,size=256m", mountPoint.path), 0)
        XCTAssertEqual(producer.wait(timeout: FaultTests.bound), 0)
        for child in [worker, collector] { child.signal(SIGTERM) }
        XCTAssertEqual(collector.wait(timeout: 40), 0)
        XCTAssertTrue(collector.log.contains("The store can be written again"))
        XCTAssertTrue(producer.log.contains("The collector cannot write its store"), "the producer must say so too")
        try assertClean(store, inputs: [input.path])
    }

    static func shell(_ arguments: String...) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Hostile input files and hostile peers.
final class HostileInputTests: IntegrationTestCase {
    // MARK: 9. Hostile files in the corpus

    func testHostileFiles_mixedIntoTheCorpus_becomeFailureRecordsOrArticles_andTheRunEnds() throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        _ = try GeneratedCorpus.write(count: 60, into: input)
        let hostile = try HostileCorpus.write(into: input.appendingPathComponent("hostile").path)
        let store = harness.folder.appendingPathComponent("store")
        let (collector, collectorEndpoint) = try harness.startCollector(store: store)
        let (producer, producerEndpoint) = try harness.startProducer(
            paths: [input.path], collector: collectorEndpoint,
            extra: FaultTests.lease)
        let workers = try (0..<2).map { _ in
            try harness.startWorker(producer: producerEndpoint, collector: collectorEndpoint)
        }
        XCTAssertEqual(producer.wait(timeout: FaultTests.bound), 0)
        for child in workers + [collector] { child.signal(SIGTERM) }
        XCTAssertEqual(collector.wait(timeout: 40), 0)
        let audit = try StoreAudit.audit(
            store: store.path, paths: [input.path],
            mayFail: Set(hostile.filter(\.mayFail).map(\.path)))
        XCTAssertTrue(audit.isClean, audit.line)
        let records = try StoreInspector.records(in: store)
        func outcome(_ name: String) -> String? {
            let record = records.first {
                (($0["source"] as? [String: Any])?["path"] as? String)?.hasSuffix("/" + name) == true
            }
            return record.map { ($0["reason"] as? String) ?? "article" }
        }
        XCTAssertEqual(outcome("empty.txt"), "empty")
        XCTAssertEqual(outcome("whitespace.txt"), "empty")
        XCTAssertEqual(outcome("random.bin"), "binary")
        XCTAssertEqual(outcome("image.png"), "binary")
        XCTAssertEqual(outcome("huge.txt"), "too-large")
        XCTAssertEqual(outcome("crlf.txt"), "article")
        XCTAssertEqual(outcome("utf16.txt"), "article")
        XCTAssertEqual(outcome("name with spaces.txt"), "article")
        XCTAssertEqual(outcome("nouvelles-été-東京.txt"), "article")
        XCTAssertNil(outcome("again"), "a symlink loop is never followed")
    }
}
