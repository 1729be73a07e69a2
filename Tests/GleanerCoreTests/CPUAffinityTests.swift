import Foundation
import Synchronization
import XCTest

@testable import GleanerCore

/// CPU lists as `taskset -c` writes them, and restricting a thread to some CPUs.
final class CPUAffinityTests: XCTestCase {
    func testParseList_readsSinglesAndRanges_inTheOrderGiven() {
        XCTAssertEqual(CPUAffinity.parseList("0"), [0])
        XCTAssertEqual(CPUAffinity.parseList("2,0"), [2, 0])
        XCTAssertEqual(CPUAffinity.parseList("0-3,6"), [0, 1, 2, 3, 6])
    }

    func testParseList_refusesWhatIsNoList() {
        for text in ["", ",", "a", "1-", "-1", "3-1", "1,,2", "1-2-3", "99999"] {
            XCTAssertNil(CPUAffinity.parseList(text), text)
        }
    }

    func testListText_writesRanges() {
        XCTAssertEqual(CPUAffinity.listText([6, 0, 1, 2, 3]), "0-3,6")
        XCTAssertEqual(CPUAffinity.listText([1]), "1")
        XCTAssertEqual(CPUAffinity.listText([]), "")
    }

    func testRestrictCurrentThread_limitsThatThreadOnly() throws {
        let allowed = CPUAffinity.allowed()
        XCTAssertFalse(allowed.isEmpty)
        let seen = Mutex<[Int]>([])
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            try? CPUAffinity.restrictCurrentThread(to: [allowed[allowed.count - 1]])
            seen.withLock { $0 = CPUAffinity.allowed() }
            done.signal()
        }
        thread.start()
        done.wait()
        XCTAssertEqual(seen.withLock { $0 }, [allowed[allowed.count - 1]])
        XCTAssertEqual(CPUAffinity.allowed(), allowed, "the test's own thread changed too")
        XCTAssertThrowsError(try CPUAffinity.check([(allowed.max() ?? 0) + 1]))
    }
}
