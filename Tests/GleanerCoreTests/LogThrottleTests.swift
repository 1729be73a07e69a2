import XCTest
@testable import GleanerCore

final class LogThrottleTests: XCTestCase {
    func testThrottle_letsABurstThrough_thenCountsWhatItDropped() {
        var throttle = LogThrottle(burst: 2, windowMilliseconds: 1_000)
        XCTAssertEqual(throttle.allow(now: 0), 0)
        XCTAssertEqual(throttle.allow(now: 1), 0)
        XCTAssertNil(throttle.allow(now: 2))
        XCTAssertNil(throttle.allow(now: 3))
        XCTAssertEqual(throttle.allow(now: 1_000), 2, "the next window reports the two lines dropped")
    }

    func testStallReporter_reportsAfterTheInterval_andAgainEveryInterval() {
        var stall = StallReporter(intervalMilliseconds: 100, now: 1_000)
        XCTAssertFalse(stall.isDue(now: 1_099))
        XCTAssertTrue(stall.isDue(now: 1_100))
        XCTAssertFalse(stall.isDue(now: 1_150))
        XCTAssertTrue(stall.isDue(now: 1_200))
        stall.progressed(now: 1_250)
        XCTAssertFalse(stall.isDue(now: 1_300))
    }
}
