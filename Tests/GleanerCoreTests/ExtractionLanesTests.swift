import XCTest
@testable import GleanerCore

final class ExtractionLanesTests: XCTestCase {
    private func task(_ n: UInt8) -> TaskEnvelope {
        TaskEnvelope(
            id: try! TaskID(bytes: Array(repeating: n, count: 32)), runID: "run", attempt: 1, path: "a\(n).txt",
            body: Array("Article \(n).".utf8))
    }

    /// Lanes that answer with a minimal record after `delay` milliseconds per task.
    private func lanes(threads: Int = 1, delay: Int) throws -> ExtractionLanes {
        try ExtractionLanes(
            name: "test-\(UUID().uuidString)", threads: threads, processor: ArticleProcessor(), mode: .noop,
            simulatedDelayMilliseconds: delay, faults: FaultInjection())
    }

    /// Collects until `count` records came back (the socket thread's loop, reduced to the lanes).
    private typealias Done = (task: TaskEnvelope, output: ExtractionLanes.Output)

    private func collect(_ count: Int, from lanes: ExtractionLanes) -> [Done] {
        var done: [Done] = []
        let deadline = MonotonicClock.milliseconds() + 10_000
        while done.count < count && MonotonicClock.milliseconds() < deadline {
            lanes.resultsReady.wait(milliseconds: 100)
            done += lanes.collect()
        }
        return done
    }

    func testSizing_refillsEightMillisecondsOfExtraction_keepingOneInReserve_betweenTwoAndThirtySix() {
        typealias Sizing = ExtractionLanes.Sizing
        XCTAssertEqual(Sizing(serviceSeconds: nil), Sizing(depth: 2, reserve: 1), "not measured: 1 running, 1 ready")
        XCTAssertEqual(Sizing(serviceSeconds: 0.000_25), Sizing(depth: 36, reserve: 4), "32 a refill, 4 in reserve")
        XCTAssertEqual(Sizing(serviceSeconds: 0.000_4), Sizing(depth: 23, reserve: 3), "20 a refill, 3 in reserve")
        XCTAssertEqual(Sizing(serviceSeconds: 0.005), Sizing(depth: 3, reserve: 1), "2 a refill, 1 in reserve")
        XCTAssertEqual(Sizing(serviceSeconds: 0.01), Sizing(depth: 2, reserve: 1), "slow: one running, one ready")
        XCTAssertEqual(Sizing(serviceSeconds: 0.000_001), Sizing(depth: 36, reserve: 4), "at most 36 suspects a lane")
    }

    func testCollectorQueueFault_takesAPositiveCount_andAnythingElseLeavesItOff() {
        XCTAssertEqual(FaultInjection(collectorQueue: "100").collectorQueue, 100)
        XCTAssertTrue(FaultInjection(collectorQueue: "100").isActive)
        for off in [nil, "", "0", "-5", "many"] {
            XCTAssertNil(FaultInjection(collectorQueue: off).collectorQueue, "\(off ?? "unset")")
            XCTAssertFalse(FaultInjection(collectorQueue: off).isActive, "\(off ?? "unset")")
        }
    }

    func testLane_returnsEveryTask_inOrder_withItsOwnRecord() throws {
        let lanes = try lanes(delay: 0)
        defer { lanes.stop(waitingMilliseconds: 1_000) }
        for n in 1...20 { lanes.assign(task(UInt8(n)), to: 0) }
        XCTAssertEqual(lanes.busyCount, 20)
        lanes.handOver()
        let done = collect(20, from: lanes)
        XCTAssertEqual(done.map(\.task.path), (1...20).map { "a\($0).txt" })
        for (task, output) in done {
            let record = String(decoding: output.record, as: UTF8.self)
            XCTAssertTrue(record.contains("\"id\":\"\(task.id.hex)\""), record)
            XCTAssertGreaterThan(output.nanoseconds, 0)
        }
        XCTAssertEqual(lanes.busyCount, 0)
        XCTAssertEqual(lanes.firstIdle, 0)
    }

    func testLane_wakesTheSocketThread_onlyOnceItsQueueIsDownToItsReserve() throws {
        let lanes = try lanes(delay: 20)
        defer { lanes.stop(waitingMilliseconds: 1_000) }
        lanes.resize(serviceSeconds: 0.000_25)  // depth 36: wakes with 4 left
        for n in 1...36 { lanes.assign(task(UInt8(n)), to: 0) }
        XCTAssertNil(lanes.laneWithRoom, "36 tasks fill the lane")
        lanes.handOver()
        XCTAssertTrue(lanes.resultsReady.wait(milliseconds: 10_000))
        let first = lanes.collect()
        XCTAssertGreaterThanOrEqual(first.count, 32, "one wake-up for the first 32 records, not one each")
        XCTAssertEqual(collect(36 - first.count, from: lanes).count, 36 - first.count, "the rest come back too")
    }

    func testRunningTask_isTheFirstNotCollected_withSinceWhen() throws {
        let lanes = try lanes(delay: 300)
        defer { lanes.stop(waitingMilliseconds: 2_000) }
        XCTAssertNil(lanes.longestBusy(), "nothing runs on an idle lane")
        let before = MonotonicClock.milliseconds()
        lanes.assign(task(1), to: 0)
        lanes.assign(task(2), to: 0)
        lanes.handOver()
        var running = lanes.longestBusy()
        while running == nil && MonotonicClock.milliseconds() < before + 5_000 {
            usleep(1_000)
            running = lanes.longestBusy()
        }
        XCTAssertEqual(running?.busy.task.path, "a1.txt")
        XCTAssertGreaterThanOrEqual(running?.busy.since ?? 0, before)
        XCTAssertEqual(collect(2, from: lanes).map(\.task.path), ["a1.txt", "a2.txt"])
    }

    func testTwoLanes_eachKeepsItsOwnOrder() throws {
        let lanes = try lanes(threads: 2, delay: 1)
        defer { lanes.stop(waitingMilliseconds: 1_000) }
        for n in 1...6 { lanes.assign(task(UInt8(n)), to: n % 2) }
        lanes.handOver()
        let paths = collect(6, from: lanes).map(\.task.path)
        XCTAssertEqual(paths.filter { ["a2.txt", "a4.txt", "a6.txt"].contains($0) }, ["a2.txt", "a4.txt", "a6.txt"])
        XCTAssertEqual(paths.filter { ["a1.txt", "a3.txt", "a5.txt"].contains($0) }, ["a1.txt", "a3.txt", "a5.txt"])
    }

    func testStop_endsIdleLanesPromptly() throws {
        let lanes = try lanes(threads: 2, delay: 0)
        XCTAssertTrue(lanes.stop(waitingMilliseconds: 5_000))
    }
}
