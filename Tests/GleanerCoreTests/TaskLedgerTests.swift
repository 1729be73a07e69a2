import GleanerExtraction
import XCTest
@testable import GleanerCore

final class TaskLedgerTests: XCTestCase {
    private func task(_ n: UInt8) -> ProducerPlan.PlannedTask {
        .init(id: try! TaskID(bytes: Array(repeating: n, count: 32)), path: "t\(n)")
    }
    private let workerA = PeerID([1]), workerB = PeerID([2])

    private func ledger(_ n: UInt8, lease: Int = 1_000, attempts: Int = 3) -> TaskLedger {
        var ledger = TaskLedger(leaseMilliseconds: lease, maxAttempts: attempts)
        ledger.enqueue((1...n).map(task), now: 0)
        return ledger
    }

    func testLedger_taskStaysUntilCommitted_andRepeatedAcksAreIgnored() {
        var ledger = ledger(2)
        let first = ledger.nextNormal()!
        _ = ledger.dispatch(first, to: workerA, isolated: false, now: 0)
        XCTAssertEqual(ledger.remaining, 2)
        XCTAssertTrue(ledger.commit(first))
        XCTAssertFalse(ledger.commit(first), "a repeated ack must not count twice")
        XCTAssertEqual(ledger.remaining, 1)
        XCTAssertNil(ledger.checkInvariant())
    }

    func testLedger_retriedTaskDispatchedAgain_isStillTracked_andComesBackWhenItsWorkerDies() {
        // The bug behind runs that never ended: a retried task was sent without a lease.
        var ledger = ledger(1)
        let id = ledger.nextNormal()!
        _ = ledger.dispatch(id, to: workerA, isolated: false, now: 0)
        XCTAssertEqual(ledger.released([id], by: workerA, now: 1), [.requeued(id)])
        XCTAssertEqual(ledger.nextNormal(), id)
        _ = ledger.dispatch(id, to: workerB, isolated: false, now: 2)
        XCTAssertEqual(ledger.inFlight, 1)
        XCTAssertEqual(ledger.workerLost(workerB, threads: 1, now: 3), [.suspected(id)])
        XCTAssertNil(ledger.checkInvariant())
        XCTAssertEqual(ledger.nextSuspect(), id, "the task is queued again, not lost")
    }

    func testWorkerDeath_chargesNobody_suspectsOnlyWhatItMayHaveBeenExtracting() {
        var ledger = ledger(6)
        let ids = (0..<6).map { _ in ledger.nextNormal()! }
        for id in ids { _ = ledger.dispatch(id, to: workerA, isolated: false, now: 0) }
        _ = ledger.started([ids[0]], by: workerA, now: 1)
        ledger.finished([ids[0]], by: workerA, now: 2)
        _ = ledger.started([ids[1]], by: workerA, now: 3)
        let outcomes = ledger.workerLost(workerA, threads: 1, now: 4)
        // ids[1] was running; ids[2] may have started without the report arriving.
        XCTAssertEqual(
            outcomes,
            [
                .requeued(ids[0]), .suspected(ids[1]), .suspected(ids[2]),
                .requeued(ids[3]), .requeued(ids[4]), .requeued(ids[5]),
            ])
        XCTAssertTrue(ids.allSatisfy { ledger.entry($0)!.charges == 0 }, "no attempt is charged outside isolation")
        XCTAssertNil(ledger.checkInvariant())
        XCTAssertEqual([ledger.nextNormal(), ledger.nextNormal()], [ids[0], ids[3]], "innocent tasks go first")
        XCTAssertEqual(ledger.nextSuspect(), ids[1])
    }

    func testIsolatedTask_isChargedOnlyWhenItsLoneExtractionDies_andFailsAfterMaxAttempts() {
        var ledger = ledger(1, attempts: 2)
        let id = ledger.nextNormal()!
        _ = ledger.dispatch(id, to: workerA, isolated: false, now: 0)
        _ = ledger.started([id], by: workerA, now: 1)
        XCTAssertEqual(ledger.workerLost(workerA, threads: 1, now: 2), [.suspected(id)])
        // Isolated, but the worker dies before it reports the start: not charged.
        XCTAssertEqual(ledger.nextSuspect(), id)
        XCTAssertEqual(ledger.dispatch(id, to: workerB, isolated: true, now: 3), 1)
        XCTAssertEqual(ledger.workerLost(workerB, threads: 1, now: 4), [.requeued(id)])
        // Isolated and started (the worker waits for proceed): a death now is charged.
        XCTAssertEqual(ledger.nextSuspect(), id)
        _ = ledger.dispatch(id, to: workerA, isolated: true, now: 5)
        XCTAssertEqual(ledger.started([id], by: workerA, now: 6), [id], "the producer must send proceed")
        XCTAssertEqual(ledger.workerLost(workerA, threads: 1, now: 7), [.charged(id, attempts: 1)])
        XCTAssertEqual(ledger.nextSuspect(), id)
        XCTAssertEqual(ledger.dispatch(id, to: workerB, isolated: true, now: 8), 2, "the task carries attempt 2")
        _ = ledger.started([id], by: workerB, now: 9)
        XCTAssertEqual(ledger.workerLost(workerB, threads: 1, now: 10), [.failed(id, attempts: 2)])
        XCTAssertEqual(ledger.nextFailure(now: 11)?.failure?.reason, .maxAttempts)
        XCTAssertNil(ledger.checkInvariant())
    }

    func testExpiredLease_unstartedTaskIsRequeuedFree_andItsWorkerIsReportedStuck() {
        var ledger = ledger(2)
        let a = ledger.nextNormal()!, b = ledger.nextNormal()!
        _ = ledger.dispatch(a, to: workerA, isolated: false, now: 0)
        _ = ledger.dispatch(b, to: workerB, isolated: false, now: 500)
        XCTAssertTrue(ledger.expire(now: 999).outcomes.isEmpty)
        let (outcomes, stuck) = ledger.expire(now: 1_000)
        XCTAssertEqual(outcomes, [.requeued(a)])
        XCTAssertEqual(stuck, [workerA])
        XCTAssertEqual(ledger.entry(a)?.charges, 0)
    }

    func testStartedLease_isMeasuredFromTheStart_notTheDispatch() {
        var ledger = ledger(1)
        let a = ledger.nextNormal()!
        _ = ledger.dispatch(a, to: workerA, isolated: false, now: 0)
        _ = ledger.started([a], by: workerA, now: 900)
        XCTAssertTrue(ledger.expire(now: 1_500).outcomes.isEmpty)
        XCTAssertEqual(ledger.expire(now: 1_900).outcomes, [.suspected(a)])
    }

    func testLeasesSetAfterAScan_stillExpire_eachAtItsOwnDeadline() {
        // `expire` skips its scan until the earliest deadline; a scan that found nothing due,
        // or expired some, must leave the bound at the leases still open.
        var ledger = ledger(3)
        let (a, b, c) = (ledger.nextNormal()!, ledger.nextNormal()!, ledger.nextNormal()!)
        _ = ledger.dispatch(a, to: workerA, isolated: false, now: 0)
        XCTAssertTrue(ledger.expire(now: 500).outcomes.isEmpty)
        _ = ledger.dispatch(b, to: workerB, isolated: false, now: 600)
        _ = ledger.started([b], by: workerB, now: 700)
        XCTAssertEqual(ledger.expire(now: 1_000).outcomes, [.requeued(a)])
        _ = ledger.dispatch(c, to: workerA, isolated: false, now: 1_200)
        XCTAssertTrue(ledger.expire(now: 1_699).outcomes.isEmpty)
        XCTAssertEqual(ledger.expire(now: 1_700).outcomes, [.suspected(b)])
        XCTAssertEqual(ledger.expire(now: 2_200).outcomes, [.requeued(c)])
        XCTAssertNil(ledger.checkInvariant())
    }

    func testRequeueAll_afterCollectorRestart_chargesNothing_andKeepsFailureRecords() {
        var ledger = ledger(2)
        let a = ledger.nextNormal()!
        _ = ledger.dispatch(a, to: workerA, isolated: false, now: 0)
        let b = ledger.nextNormal()!
        ledger.convertToFailure(
            b, FailureRecord(id: b.hex, source: .init(path: "x", bytes: 0), reason: .unreadable, detail: ""))
        XCTAssertEqual(ledger.nextFailure(now: 1)?.id, b)
        XCTAssertEqual(ledger.requeueAll(now: 2), 2)
        XCTAssertEqual(ledger.entry(a)?.charges, 0)
        XCTAssertNil(ledger.checkInvariant())
        XCTAssertEqual(ledger.nextFailure(now: 3)?.id, b, "the failure record is sent again")
        XCTAssertEqual(ledger.nextNormal(), a)
    }

    func testExtendLeases_holdsDeadlinesWhileTheCollectorIsAway() {
        var ledger = ledger(1)
        let a = ledger.nextNormal()!
        _ = ledger.dispatch(a, to: workerA, isolated: false, now: 0)
        ledger.extendLeases(now: 5_000)
        XCTAssertTrue(ledger.expire(now: 5_999).outcomes.isEmpty)
    }

    /// Random sequences of every operation never break the invariant, and committing whatever
    /// is dispatched always empties the ledger: no task is ever lost.
    func testLedger_underRandomFaults_neverLosesATask() {
        var rng = SplitMix64(seed: 42)
        let peers = (0..<4).map { PeerID([UInt8($0)]) }
        for round in 0..<10 {
            var ledger = ledger(40, lease: 50, attempts: 3)
            var now = 0
            var steps = 0
            while !ledger.isFinished && steps < 20_000 {
                steps += 1
                now += Int(rng.next() % 20)
                let peer = peers[Int(rng.next() % 4)]
                randomStep(&ledger, peer: peer, roll: rng.next() % 100, now: now, rng: &rng)
                if let problem = ledger.checkInvariant() { return XCTFail("round \(round), step \(steps): \(problem)") }
            }
            XCTAssertTrue(ledger.isFinished, "round \(round): \(ledger.remaining) tasks never finished")
        }
    }

    private func randomStep(
        _ ledger: inout TaskLedger, peer: PeerID, roll: UInt64, now: Int, rng: inout SplitMix64
    ) {
        let held = (0..<40).map { task(UInt8($0 + 1)).id }.filter { ledger.entry($0)?.worker == peer }
        switch roll {
        case 0..<30:
            if let id = rng.next() % 3 == 0 ? ledger.nextSuspect() : ledger.nextNormal() {
                _ = ledger.dispatch(id, to: peer, isolated: ledger.entry(id)!.suspect, now: now)
            }
        case 30..<45: _ = ledger.started(Array(held.prefix(1)), by: peer, now: now)
        case 45..<55: ledger.finished(Array(held.prefix(1)), by: peer, now: now)
        case 55..<70: if let id = held.first { _ = ledger.commit(id) }
        case 70..<74: _ = ledger.workerLost(peer, threads: 1, now: now)
        case 74..<78: _ = ledger.released(held, by: peer, now: now)
        case 78..<80: _ = ledger.requeueAll(now: now)
        case 80..<90:
            if let task = ledger.nextFailure(now: now) { _ = ledger.commit(task.id) }
        default: _ = ledger.expire(now: now)
        }
    }

    func testLeasedPhaseCounts_agreeWithEveryTaskCounted_andDispatchesAreTallied() {
        var ledger = ledger(5)
        let ids = (0..<4).map { _ in ledger.nextNormal()! }
        for id in ids { _ = ledger.dispatch(id, to: workerA, isolated: false, now: 0) }
        _ = ledger.started([ids[0], ids[1]], by: workerA, now: 1)
        ledger.finished([ids[1]], by: workerA, now: 2)
        XCTAssertEqual(ledger.leasedPhaseCounts(), [.dispatched: 2, .started: 1, .finished: 1])
        var all = ledger.phaseCounts()
        XCTAssertEqual(all.removeValue(forKey: .queued), ledger.remaining - ledger.inFlight)
        XCTAssertEqual(all, ledger.leasedPhaseCounts())
        _ = ledger.released([ids[2]], by: workerA, now: 3)
        _ = ledger.dispatch(ledger.nextNormal()!, to: workerB, isolated: false, now: 4)
        XCTAssertEqual(ledger.dispatchCount, 5, "a retry counts as a dispatch")
    }
}
