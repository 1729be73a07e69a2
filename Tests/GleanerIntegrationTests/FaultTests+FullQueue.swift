import Foundation
@testable import GleanerCore
import XCTest

/// A worker whose link to the collector is full: its records wait, in order, and are sent when
/// the collector reads again, instead of being dropped (their tasks then waited for their
/// leases and ran one at a time as suspects: 10 s runs took minutes).
final class FullQueueFaultTests: IntegrationTestCase {
    /// The lease of this run (seconds): the default, stated so the bound below follows from it.
    static let lease = 60
    /// The warning a worker logs when the collector link's queue refuses a record.
    static let queueFull = "The collector's queue is full; holding records until it reads again."

    // MARK: 11. The collector stops reading while a fast worker keeps finishing tasks

    func testCollectorLinkQueueFull_recordsWaitAndAreSent_theRunEndsWithinHalfALease() throws {
        // A no-op worker answers each task at once, from its socket thread. With the default
        // queue (10,000 records and the kernel's socket buffers) the link filled only if the
        // worker answered over 10,000 tasks in the few seconds before it stops taking work,
        // which a loaded machine missed; a queue of 1,000 over the smallest kernel buffer fills
        // after about a thousand, well within 20,000 articles on any machine.
        try pauseCollectorUntilTheQueueIsFull(
            articles: 20_000, worker: ["--noop"], environment: ["GLEANER_FAULT_COLLECTOR_QUEUE": "1000"])
    }

    func testCollectorLinkQueueFull_extractedRecordsWaitAndAreSent_theRunEndsWithinHalfALease() throws {
        // Records from the extraction lanes, which a debug build makes at a few hundred a second:
        // too few to fill the default queue in the few seconds before the worker stops taking
        // work. A queue of 100 records and a minimal kernel buffer fill after a few hundred, well
        // within them; 3,000 articles leave thousands to extract when the collector stops, on a
        // machine many times faster too.
        try pauseCollectorUntilTheQueueIsFull(
            articles: 3_000, worker: ["--threads", "2"], environment: ["GLEANER_FAULT_COLLECTOR_QUEUE": "100"])
    }

    /// Runs `articles` generated articles through one worker started with `worker` flags and
    /// `environment`, pauses the collector (SIGSTOP) until that worker says its queue to the
    /// collector is full, resumes it, and checks that the run ends within half a lease, that
    /// the worker counted deferred records, and that every article is stored exactly once.
    private func pauseCollectorUntilTheQueueIsFull(
        articles: Int, worker flags: [String], environment: [String: String] = [:]
    ) throws {
        let harness = try makeHarness()
        let input = harness.folder.appendingPathComponent("in")
        try GeneratedCorpus.write(count: articles, into: input)
        let store = harness.folder.appendingPathComponent("store")
        let metrics = ["--metrics", "127.0.0.1:0"]
        let (collector, collectorEndpoint) = try harness.startCollector(store: store)
        let (producer, producerEndpoint) = try harness.startProducer(
            paths: [input.path], collector: collectorEndpoint, extra: ["--lease", "\(Self.lease)"] + metrics)
        // Every task checked against the store and queued before the pause: a paused collector
        // answers no lookup, and the producer would have nothing to dispatch.
        let planned = Scrape.await("gleaner_producer_planning_done", at: try producer.metricsURL(), timeout: 120) {
            $0 == 1
        }
        XCTAssertEqual(planned, 1, "the producer did not finish planning")
        let worker = try harness.startWorker(
            producer: producerEndpoint, collector: collectorEndpoint, extra: flags + metrics, environment: environment)
        let workerMetrics = try worker.metricsURL()
        StoreInspector.waitForRecords(1, in: store, timeout: 60)
        collector.signal(SIGSTOP)
        // The producer stops dispatching 3 s after the collector's last welcome, the worker 3 s
        // after its last heartbeat answer: the queue fills in that window (about a second here,
        // in a debug build on 2 busy cores) or not at all. The run cannot end meanwhile.
        let deadline = Date().addingTimeInterval(20)
        while !worker.log.contains(Self.queueFull) && Date() < deadline && worker.isRunning { usleep(20_000) }
        collector.signal(SIGCONT)
        XCTAssertTrue(
            worker.log.contains(Self.queueFull), "the collector link's queue never filled: the test did nothing")
        // A dropped record's task waits for its lease (pushed out while the collector was away),
        // then runs alone as a suspect: the run would last more than a lease after the resume.
        XCTAssertEqual(
            producer.wait(timeout: Double(Self.lease) / 2), 0,
            "the run did not end within half a lease of the collector's resume")
        let deferred = Scrape.value("gleaner_worker_results_deferred_total", in: Scrape.get(workerMetrics)?.body ?? "")
        XCTAssertGreaterThan(deferred ?? 0, 0, "the worker counted no deferred record")
        for child in [worker, collector] { child.signal(SIGTERM) }
        XCTAssertEqual(collector.wait(timeout: 40), 0)
        try assertClean(store, inputs: [input.path])
        XCTAssertFalse(producer.log.contains("Task is a suspect"), "no task may wait for its lease")
    }
}
