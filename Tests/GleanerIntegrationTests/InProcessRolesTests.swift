import Foundation
@testable import GleanerCore
import GleanerService
import Logging
import ServiceLifecycle
import XCTest

/// Roles as services in one process, each with its own stop token: a collector (in a
/// `ServiceGroup`) and producers run in this test process, a worker as a real process.
final class InProcessRolesTests: IntegrationTestCase {
    private func logger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .error
        return logger
    }

    /// Runs a blocking wait on a thread of its own, off Swift concurrency's few threads
    /// (which the services in this process need).
    private func offThePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in Thread { continuation.resume(returning: work()) }.start() }
    }

    private func producer(_ paths: [String], collector: String, bind: String) -> RoleService<Producer.Summary> {
        var configuration = Producer.Configuration(paths: paths)
        configuration.bindEndpoint = bind
        configuration.collectorEndpoint = collector
        configuration.showProgress = false
        let logger = logger("test.producer")
        return RoleService(name: "producer") { [configuration] stop in
            try Producer(configuration, logger: logger, stop: stop).run()
        }
    }

    func testTwoRolesInOneProcess_stoppingTheProducer_leavesTheCollectorRunning() async throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        try GeneratedCorpus.write(count: 300, into: input)
        let store = harness.folder.appendingPathComponent("store")
        let collectorEndpoint = "ipc://\(harness.folder.path)/c", producerEndpoint = "ipc://\(harness.folder.path)/p"

        let collectorLogger = logger("test.collector")
        let collector = RoleService(name: "collector") { stop in
            try Collector(Collector.Configuration(storePath: store.path, bindEndpoint: collectorEndpoint),
                          logger: collectorLogger, stop: stop).run()
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [collector], gracefulShutdownSignals: [], logger: collectorLogger))
        let collectorRun = Task { try await group.run() }

        let first = producer([input.path], collector: collectorEndpoint, bind: producerEndpoint)
        let firstRun = Task { try await first.run() }
        let worker = try harness.startWorker(
            producer: producerEndpoint, collector: collectorEndpoint, extra: ["--simulate-delay-ms", "20"])
        let started = await offThePool { StoreInspector.waitForRecords(20, in: store, timeout: 60) }
        XCTAssertGreaterThanOrEqual(started, 20, "the run did not start")

        // Stop the producer through its own token: it drains and reports what is left.
        first.stop.request()
        try await firstRun.value
        let stopped = try XCTUnwrap(first.outcome).get()
        XCTAssertGreaterThan(stopped.unfinished, 0, "stopped mid-run")
        XCTAssertFalse(collector.stop.isRequested, "one role's stop does not touch another's")
        XCTAssertNil(collector.outcome, "the collector still runs")

        // The collector serves a second producer, which finishes the run (resume).
        let second = producer([input.path], collector: collectorEndpoint, bind: producerEndpoint)
        try await second.run()
        let finished = try XCTUnwrap(second.outcome).get()
        XCTAssertEqual(finished.unfinished, 0)
        XCTAssertEqual(stopped.articles + finished.articles, 300, "every article committed once across the two runs")

        // Graceful shutdown of the collector's group reaches its token; it flushes and returns.
        await group.triggerGracefulShutdown()
        try await collectorRun.value
        XCTAssertTrue(collector.stop.isRequested)
        XCTAssertNoThrow(try XCTUnwrap(collector.outcome).get())
        worker.signal(SIGTERM)
        XCTAssertEqual(worker.wait(), 0)

        let audit = try StoreAudit.audit(store: store.path, paths: [input.path], mayFail: [])
        XCTAssertTrue(audit.isClean, audit.line)
        XCTAssertEqual(StoreInspector.lineCount(in: store), 300)
    }
}
