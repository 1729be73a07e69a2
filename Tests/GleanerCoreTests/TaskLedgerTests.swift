import XCTest
@testable import GleanerCore

final class TaskLedgerTests: XCTestCase {
    private func task(_ n: UInt8) -> ProducerPlan.PlannedTask {
        .init(id: try! TaskID(bytes: Array(repeating: n, count: 32)), path: "t\(n)")
    }
    private let workerA: [UInt8] = [1], workerB: [UInt8] = [2]

    func testLedger_taskStaysUntilCommitted_andRepeatedAcksAreIgnored() {
        var ledger = TaskLedger(leaseMilliseconds: 1_000, maxAttempts: 3)
        ledger.enqueue([task(1), task(2)])
        let first = ledger.nextQueued()!
        ledger.lease(first.id, to: workerA, now: 0)
        XCTAssertEqual(ledger.remaining, 2)
        XCTAssertTrue(ledger.commit(first.id))
        XCTAssertFalse(ledger.commit(first.id), "a repeated ack must not count twice")
        XCTAssertEqual(ledger.remaining, 1)
    }

    func testLedger_expiredLease_requeuesAtTheFront() {
        var ledger = TaskLedger(leaseMilliseconds: 1_000, maxAttempts: 3)
        ledger.enqueue([task(1), task(2)])
        let first = ledger.nextQueued()!
        ledger.lease(first.id, to: workerA, now: 0)
        XCTAssertEqual(ledger.expired(now: 999), [])
        XCTAssertEqual(ledger.expired(now: 1_000), [first.id])
        XCTAssertNil(ledger.retry(first.id))
        XCTAssertEqual(ledger.nextQueued()?.id, first.id)
    }

    func testLedger_afterMaxAttempts_taskBecomesAFailureRecord() {
        var ledger = TaskLedger(leaseMilliseconds: 10, maxAttempts: 2)
        ledger.enqueue([task(1)])
        ledger.lease(ledger.nextQueued()!.id, to: workerA, now: 0)
        XCTAssertNil(ledger.retry(task(1).id))
        ledger.lease(ledger.nextQueued()!.id, to: workerB, now: 0)
        let failure = ledger.retry(task(1).id)
        XCTAssertEqual(failure?.reason, .maxAttempts)
        XCTAssertEqual(failure?.attempts, 2)
        XCTAssertEqual(ledger.nextQueued()?.failure?.reason, .maxAttempts, "the failure record is dispatched to the collector next")
    }

    func testLedger_leasedToWorker_listsOnlyThatWorkersTasks() {
        var ledger = TaskLedger(leaseMilliseconds: 1_000, maxAttempts: 3)
        ledger.enqueue([task(1), task(2), task(3)])
        ledger.lease(ledger.nextQueued()!.id, to: workerA, now: 0)
        ledger.lease(ledger.nextQueued()!.id, to: workerB, now: 0)
        ledger.lease(ledger.nextQueued()!.id, to: workerA, now: 0)
        XCTAssertEqual(Set(ledger.leased(to: workerA)), [task(1).id, task(3).id])
    }

    func testLedger_requeueAll_afterCollectorRestart_doesNotCountAnAttempt() {
        var ledger = TaskLedger(leaseMilliseconds: 1_000, maxAttempts: 2)
        ledger.enqueue([task(1)])
        ledger.lease(ledger.nextQueued()!.id, to: workerA, now: 0)
        XCTAssertEqual(ledger.requeueAll(), 1)
        ledger.lease(ledger.nextQueued()!.id, to: workerA, now: 0)
        XCTAssertNil(ledger.retry(task(1).id), "the requeue did not count, so this was attempt 1 of 2")
        ledger.lease(ledger.nextQueued()!.id, to: workerA, now: 0)
        XCTAssertEqual(ledger.retry(task(1).id)?.reason, .maxAttempts)
    }

    func testWorkerRegistry_creditIsTakenRoundRobin_andSilentWorkersExpire() {
        var registry = WorkerRegistry()
        registry.grant(workerA, credit: 2, now: 0)
        registry.grant(workerB, credit: 1, now: 0)
        XCTAssertEqual([registry.takeCredit(), registry.takeCredit(), registry.takeCredit(), registry.takeCredit()],
                       [workerA, workerB, workerA, nil])
        registry.touch(workerB, now: 5_000)
        XCTAssertEqual(registry.expired(now: 5_000), [workerA])
    }
}
