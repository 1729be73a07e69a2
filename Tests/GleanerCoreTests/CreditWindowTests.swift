import XCTest
@testable import GleanerCore

final class CreditWindowTests: XCTestCase {
    func testWindow_beforeMeasuring_isTheDefaultPerLane() {
        XCTAssertEqual(CreditWindow(lanes: 3, maximum: 10_000).size, 3 * WireProtocol.creditPerThread)
    }

    func testWindow_followsTheBandwidthDelayProduct() {
        var near = CreditWindow(lanes: 1, maximum: 10_000)
        near.served(seconds: 0.000_5, bytes: 5_000)  // 2,000 tasks/s
        near.roundTrip(seconds: 0.000_2)
        var far = near
        far.roundTrip(seconds: 0.050)
        XCTAssertEqual(near.size, 42, "an idle 0.2 ms counts as the 10 ms allowance: 2 × 2,000/s × 10 ms + 2")
        XCTAssertEqual(far.size, 42, "the smallest round trip counts: a later, slower one measures our own backlog")
        far.reconnected()
        far.roundTrip(seconds: 0.050)
        XCTAssertEqual(far.size, 202, "a new link is measured afresh")
        var distant = CreditWindow(lanes: 1, maximum: 10_000)
        distant.served(seconds: 0.000_5, bytes: 5_000)
        distant.roundTrip(seconds: 0.050)
        XCTAssertEqual(distant.size, 202, "2 × 2,000/s × 50 ms + 2")
    }

    func testWindow_isCappedByTheMaximumAndByMemory() {
        var window = CreditWindow(lanes: 2, maximum: 100)
        window.served(seconds: 0.000_01, bytes: 5_000)
        window.roundTrip(seconds: 1)
        XCTAssertEqual(window.size, 100)
        var big = CreditWindow(lanes: 2, maximum: 10_000)
        big.served(seconds: 0.000_01, bytes: 10 << 20)
        big.roundTrip(seconds: 1)
        XCTAssertEqual(big.size, 25, "256 MB of 10 MB articles")
    }
}
