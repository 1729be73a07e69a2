import XCTest
@testable import GleanerCore

final class WorkerRegistryTests: XCTestCase {
    private let a = PeerID([1]), b = PeerID([2])

    func testCredit_isTakenRoundRobin_onlyFromRegisteredHealthyWorkers() {
        var registry = WorkerRegistry()
        XCTAssertFalse(registry.grant(a, credit: 5, now: 0), "credit from an unregistered peer is ignored")
        registry.register(a, name: "a", threads: 1, credit: 2, now: 0)
        registry.register(b, name: "b", threads: 1, credit: 1, now: 0)
        XCTAssertEqual(
            [registry.takeCredit(), registry.takeCredit(), registry.takeCredit(), registry.takeCredit()],
            [a, b, a, nil])
        registry.grant(b, credit: 1, now: 1)
        XCTAssertTrue(registry.setHealth(b, .collectorUnreachable, detail: "tcp://x"))
        XCTAssertNil(registry.takeCredit(), "a worker that cannot reach its collector gets no task")
    }

    func testReservedWorker_getsNoNormalTasks_andSilentWorkersExpire() {
        var registry = WorkerRegistry()
        registry.register(a, name: "a", threads: 1, credit: 3, now: 0)
        registry.register(b, name: "b", threads: 1, credit: 3, now: 0)
        registry.setReserved(a, true)
        XCTAssertEqual([registry.takeCredit(), registry.takeCredit()], [b, b])
        XCTAssertTrue(registry.takeCredit(from: a))
        registry.touch(b, now: 5_000)
        XCTAssertEqual(registry.expired(now: 5_000), [a])
    }

    func testLeavingWorker_getsNothingMore() {
        var registry = WorkerRegistry()
        registry.register(a, name: "a", threads: 1, credit: 3, now: 0)
        registry.markLeaving(a)
        XCTAssertNil(registry.takeCredit())
        XCTAssertFalse(registry.takeCredit(from: a))
    }
}
