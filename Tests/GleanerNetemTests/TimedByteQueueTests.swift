import XCTest

@testable import GleanerNetem

/// The timed queue decides when and in what order bytes leave: checked with a fake clock and
/// a fake destination, so these tests do not depend on timing.
final class TimedByteQueueTests: XCTestCase {
    /// A destination that takes at most `capacity` bytes per call (nil: everything), or refuses.
    private final class Sink {
        var received: [UInt8] = []
        var capacity: Int?
        var blocked = false
        var calls = 0

        func write(_ bytes: UnsafeRawBufferPointer) -> TimedByteQueue.WriteResult {
            calls += 1
            guard !blocked else { return .wouldBlock }
            let n = min(bytes.count, capacity ?? bytes.count)
            received += bytes.prefix(n)
            return .wrote(n)
        }
    }

    func testQueue_holdsBytesUntilDue_thenDeliversThem() {
        var queue = TimedByteQueue()
        let sink = Sink()
        queue.append([1, 2, 3], due: 100)
        XCTAssertEqual(queue.deliver(now: 99, write: sink.write), .idle)
        XCTAssertEqual(sink.received, [])
        XCTAssertEqual(queue.nextDue, 100)
        XCTAssertEqual(queue.deliver(now: 100, write: sink.write), .idle)
        XCTAssertEqual(sink.received, [1, 2, 3])
        XCTAssertEqual(queue.queuedBytes, 0)
        XCTAssertEqual(queue.deliveredBytes, 3)
        XCTAssertNil(queue.nextDue)
    }

    func testQueue_neverReordersBytes_whenALaterChunkIsDueEarlier() {
        var queue = TimedByteQueue()
        let sink = Sink()
        queue.append([1], due: 500)  // a large jitter draw
        queue.append([2], due: 200)  // a small one: must still wait for the chunk before it
        XCTAssertEqual(queue.deliver(now: 300, write: sink.write), .idle)
        XCTAssertEqual(sink.received, [], "the second chunk did not overtake the first")
        XCTAssertEqual(queue.deliver(now: 500, write: sink.write), .idle)
        XCTAssertEqual(sink.received, [1, 2])
    }

    func testQueue_resumesAPartialWrite_atTheRightByte() {
        var queue = TimedByteQueue()
        let sink = Sink()
        sink.capacity = 2
        queue.append([1, 2, 3, 4, 5], due: 0)
        queue.append([6, 7], due: 0)
        XCTAssertEqual(queue.deliver(now: 0, write: sink.write), .idle)
        XCTAssertEqual(sink.received, [1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(sink.calls, 4)
    }

    func testQueue_stopsAtAFullDestination_andKeepsTheBytes() {
        var queue = TimedByteQueue()
        let sink = Sink()
        queue.append([1, 2], due: 0)
        sink.blocked = true
        XCTAssertEqual(queue.deliver(now: 0, write: sink.write), .blocked)
        XCTAssertEqual(queue.queuedBytes, 2)
        sink.blocked = false
        XCTAssertEqual(queue.deliver(now: 0, write: sink.write), .idle)
        XCTAssertEqual(sink.received, [1, 2])
    }

    func testQueue_reportsTheEndOnce_afterEveryByteBeforeIt() {
        var queue = TimedByteQueue()
        let sink = Sink()
        queue.append([9], due: 100)
        queue.appendEnd(due: 50)  // read later than the byte, so never delivered before it
        queue.append([10], due: 60)  // after the end: ignored
        XCTAssertTrue(queue.isEnded)
        XCTAssertEqual(queue.deliver(now: 60, write: sink.write), .idle)
        sink.blocked = true
        XCTAssertEqual(queue.deliver(now: 100, write: sink.write), .blocked, "the end waits for the byte")
        sink.blocked = false
        XCTAssertEqual(queue.deliver(now: 100, write: sink.write), .endReached)
        XCTAssertEqual(sink.received, [9])
        XCTAssertEqual(queue.deliver(now: 200, write: sink.write), .idle, "reported once")
        XCTAssertNil(queue.nextDue)
    }

    func testQueue_passesOnAFailure() {
        var queue = TimedByteQueue()
        queue.append([1], due: 0)
        XCTAssertEqual(queue.deliver(now: 0, write: { _ in .failed(ECONNRESET) }), .failed(ECONNRESET))
    }

    func testQueue_keepsOrderOverManyChunks_whileCompacting() {
        var queue = TimedByteQueue()
        let sink = Sink()
        var expected: [UInt8] = []
        for round in 0..<10 {
            for n in 0..<100 {
                let bytes = [UInt8(truncatingIfNeeded: round * 100 + n), UInt8(truncatingIfNeeded: n)]
                expected += bytes
                queue.append(bytes, due: round * 10 + n % 7)
            }
            _ = queue.deliver(now: round * 10 + 3, write: sink.write)  // part of each round's chunks
        }
        _ = queue.deliver(now: 1_000, write: sink.write)
        XCTAssertEqual(sink.received, expected)
        XCTAssertEqual(queue.queuedBytes, 0)
    }

    func testForward_parsesBothSides_andRejectsNonsense() throws {
        let forward = try Forward("127.0.0.1:6557=10.1.2.3:5557")
        XCTAssertEqual(forward.listen.port, 6557)
        XCTAssertEqual(forward.target.description, "10.1.2.3:5557")
        XCTAssertEqual(try Forward("*:0=localhost:1").listen.host, "*")
        XCTAssertThrowsError(try Forward("127.0.0.1:6557"))
        XCTAssertThrowsError(try Forward("127.0.0.1=127.0.0.1:1"))
        XCTAssertThrowsError(try Forward("127.0.0.1:70000=127.0.0.1:1"))
        XCTAssertThrowsError(try Forward("no.such.host.invalid:1=127.0.0.1:1"))
    }
}
