import Foundation
import XCTest

/// A worker that answers tasks from its socket thread (`--noop`) reports them to the producer
/// in batches (`Worker.reportBatch` ids, or after `Worker.reportDelayMilliseconds`) instead of
/// one `progress` a turn: every task is still reported, the tail of a run that is no whole
/// batch included.
final class ReportBatchTests: IntegrationTestCase {
    func testNoopWorker_reportsEveryTask_theLastPartialBatchIncluded() throws {
        let harness = try makeHarness()
        // 150 = two batches of 64 and a tail of 22 that only the delay sends.
        let input = harness.folder.appendingPathComponent("in")
        try GeneratedCorpus.write(count: 150, into: input)
        let store = harness.folder.appendingPathComponent("store")
        let (collector, collectorEndpoint) = try harness.startCollector(store: store)
        let (producer, producerEndpoint) = try harness.startProducer(paths: [input.path], collector: collectorEndpoint)
        let worker = try harness.startWorker(
            producer: producerEndpoint, collector: collectorEndpoint, extra: ["--noop", "--metrics", "127.0.0.1:0"])
        let workerMetrics = try worker.metricsURL()
        XCTAssertEqual(producer.wait(timeout: 120), 0)
        // The worker counts its tasks started and extracted as it reports them to the producer.
        let started = Scrape.await("gleaner_worker_tasks_started_total", at: workerMetrics, timeout: 10) { $0 == 150 }
        XCTAssertEqual(started, 150)
        let final = Scrape.get(workerMetrics)?.body ?? ""
        XCTAssertEqual(Scrape.value("gleaner_worker_tasks_extracted_total", in: final), 150)
        for child in [worker, collector] { child.signal(SIGTERM) }
        XCTAssertEqual(worker.wait(timeout: 40), 0)
        XCTAssertEqual(collector.wait(timeout: 40), 0)
        try assertClean(store, inputs: [input.path])
        XCTAssertFalse(producer.log.contains("Task is a suspect"), "no task may wait for its lease")
    }
}
