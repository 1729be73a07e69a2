import XCTest
@testable import GleanerCore

final class StatusReportTests: XCTestCase {
    private func report(workers: Int = 1) -> StatusReport {
        StatusReport(
            run: "0123456789abcdef", endpoint: "tcp://127.0.0.1:5557", state: .running, elapsedSeconds: 12.5,
            planning: .init(filesListed: 10, filesRead: 10, tasksPlanned: 12, alreadyStored: 2, done: true),
            tasks: .init(open: 4, queued: 1, dispatched: 1, started: 1, finished: 1, awaitingCommit: 0),
            committed: .init(articles: 5, failures: 1), ratePerSecond: 2, etaSeconds: 2,
            collector: .init(state: .cannotWrite, detail: "disk full"), workersConnected: workers,
            workers: (0..<workers).map {
                .init(
                    name: "host:\($0)", health: .collectorUnreachable, reserved: false, threads: 2, credit: 3, held: 4,
                    finished: 9, ratePerSecond: 1.5, connectedSeconds: 30)
            })
    }

    func testReport_json_isSnakeCase_andDecodesToItself() throws {
        let original = report()
        let text = String(decoding: original.json(), as: UTF8.self)
        XCTAssertTrue(text.contains(#""schema":"gleaner.status/1""#), text)
        XCTAssertTrue(text.contains(#""awaiting_commit":0"#), text)
        XCTAssertTrue(text.contains(#""health":"collector-unreachable""#), text)
        XCTAssertTrue(text.contains(#""state":"cannot-write""#), text)
        XCTAssertEqual(try StatusReport.decode(original.json()), original)
    }

    func testReport_ofAnotherSchema_isRefused() {
        var other = report()
        other.schema = "gleaner.status/9"
        XCTAssertThrowsError(try StatusReport.decode(other.json())) { error in
            XCTAssertEqual(error as? StatusClient.StatusError, .notAReport(schema: "gleaner.status/9"))
        }
    }

    func testReport_withTheMostWorkersListed_fitsTheProtocolBound() {
        var big = report(workers: StatusReport.maxWorkersListed)
        for i in big.workers.indices { big.workers[i].name = String(repeating: "w", count: StatusReport.maxNameLength) }
        XCTAssertLessThan(big.json().count, WireProtocol.maxReportBytes)
    }

    func testETA_followsTheRate_andExtrapolatesFilesNotReadYet() {
        let done = StatusReport.Planning(filesListed: 10, filesRead: 10, tasksPlanned: 20, alreadyStored: 0, done: true)
        XCTAssertEqual(StatusReport.eta(open: 20, planning: done, rate: 4), 5)
        XCTAssertNil(StatusReport.eta(open: 20, planning: done, rate: 0), "no rate, no ETA")
        let reading = StatusReport.Planning(
            filesListed: 10, filesRead: 5, tasksPlanned: 10, alreadyStored: 0, done: false)
        XCTAssertEqual(StatusReport.eta(open: 10, planning: reading, rate: 2), 10, "5 files to read at 2 tasks a file")
    }

    func testRateWindow_isTheGrowthOverTheLastSeconds() {
        var rate = RateWindow()
        XCTAssertEqual(rate.perSecond, 0)
        for second in 0...20 {
            rate.sample(count: second < 10 ? second * 100 : 900 + (second - 9) * 10, now: second * 1000)
        }
        XCTAssertEqual(rate.perSecond, 10, accuracy: 0.001, "the fast first seconds are out of the window")
    }
}
