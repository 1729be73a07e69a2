import Foundation
import XCTest

/// A worker that answers tasks from its socket thread (`--noop`) reports them to the producer
/// in batches (`Worker.reportBatch` ids, or after `Worker.reportDelayMilliseconds`) instead of
/// one `progress` a turn: every task is still reported, the tail of a run that is no whole
/// batch included.
final class ReportBatchTests: IntegrationTestCase {
    func testNoopWorker_reportsEveryTask_theLastPartialBatchIncluded() throws {
        // 150 = two batches of 64 and a tail of 22 that only the delay sends.
        let run = try makeHarness().startPipeline(
            count: 150, workers: 1, workerFlags: ["--noop", "--metrics", "127.0.0.1:0"])
        let worker = run.workers[0]
        let workerMetrics = try worker.metricsURL()
        XCTAssertEqual(run.producer.wait(timeout: 120), 0)
        // The worker counts its tasks started and extracted as it reports them to the producer.
        let started = Scrape.await("gleaner_worker_tasks_started_total", at: workerMetrics, timeout: 10) { $0 == 150 }
        XCTAssertEqual(started, 150)
        let final = Scrape.get(workerMetrics)?.body ?? ""
        XCTAssertEqual(Scrape.value("gleaner_worker_tasks_extracted_total", in: final), 150)
        for child in [worker, run.collector] { child.signal(SIGTERM) }
        XCTAssertEqual(worker.wait(timeout: 40), 0)
        XCTAssertEqual(run.collector.wait(timeout: 40), 0)
        try assertClean(run.store, inputs: run.paths)
        XCTAssertFalse(run.producer.log.contains("Task is a suspect"), "no task may wait for its lease")
    }
}
