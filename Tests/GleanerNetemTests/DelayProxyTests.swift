import Foundation
import Synchronization
import XCTest

@testable import GleanerNetem

/// The proxy over real loopback sockets: bytes intact and in order, delays applied (checked
/// against generous bounds only; bench/netem.sh prints the real figures), ends, refusals,
/// cuts and stalls.
final class DelayProxyTests: XCTestCase {
    /// A proxy running on its own thread, stopped and joined by `stop()`.
    private final class RunningProxy: Sendable {
        let proxy: DelayProxy
        private let result = Mutex<DelayProxy.Statistics?>(nil)
        private let done = DispatchSemaphore(value: 0)

        init(target: UInt16, _ impairment: LinkImpairment) throws {
            proxy = try DelayProxy(forwards: [try Forward("127.0.0.1:0=127.0.0.1:\(target)")], impairment: impairment)
            Thread { [self] in
                let statistics = proxy.run()
                result.withLock { $0 = statistics }
                done.signal()
            }.start()
        }

        var port: UInt16 { proxy.forwards[0].listen.port }

        func stop() -> DelayProxy.Statistics {
            proxy.requestStop()
            XCTAssertEqual(done.wait(timeout: .now() + 10), .success, "the proxy stops when asked")
            return result.withLock { $0 } ?? DelayProxy.Statistics()
        }
    }

    /// Deterministic bytes that are not a short repeating pattern, so a lost, doubled or
    /// swapped chunk shows.
    private func pattern(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    func testProxy_carriesBytesIntactAndInOrder_bothWays_underJitter() throws {
        let (listener, port) = Loopback.listen()
        defer { close(listener) }
        var impairment = LinkImpairment(delayMilliseconds: 2)
        impairment.jitterMilliseconds = 5
        let running = try RunningProxy(target: port, impairment)
        let client = Loopback.connect(port: running.port)
        let server = Loopback.accept(listener)
        XCTAssertGreaterThanOrEqual(server, 0)
        defer { close(client); close(server) }

        let up = pattern(3_000_000, seed: 1)
        let down = pattern(2_000_000, seed: 2)
        let writers = DispatchGroup()
        DispatchQueue.global().async(group: writers) {
            var offset = 0, size = 1  // pieces of growing, uneven sizes
            while offset < up.count {
                let end = min(up.count, offset + size)
                Loopback.writeAll(client, Array(up[offset..<end]))
                offset = end
                size = size * 3 % 70_001 + 1
            }
        }
        DispatchQueue.global().async(group: writers) { Loopback.writeAll(server, down) }
        let (gotUp, upEnd) = Loopback.read(server, count: up.count, within: 60_000)
        let (gotDown, downEnd) = Loopback.read(client, count: down.count, within: 60_000)
        writers.wait()
        XCTAssertEqual(upEnd, .count)
        XCTAssertEqual(downEnd, .count)
        XCTAssertTrue(gotUp == up, "client → server bytes arrive intact and in order")
        XCTAssertTrue(gotDown == down, "server → client bytes arrive intact and in order")
        let statistics = running.stop()
        XCTAssertEqual(statistics.connections, 1)
        XCTAssertEqual(statistics.bytesToTarget, up.count)
        XCTAssertEqual(statistics.bytesToClient, down.count)
    }

    func testProxy_delaysEachDirectionByItsOwnAmount() throws {
        let (listener, port) = Loopback.listen()
        defer { close(listener) }
        var impairment = LinkImpairment()
        impairment.upstreamDelayMilliseconds = 200
        impairment.downstreamDelayMilliseconds = 100
        let running = try RunningProxy(target: port, impairment)
        defer { _ = running.stop() }
        let client = Loopback.connect(port: running.port)
        let server = Loopback.accept(listener)
        defer { close(client); close(server) }

        for _ in 0..<3 {
            let sent = Loopback.monotonicMilliseconds()
            Loopback.writeAll(client, [42])
            XCTAssertEqual(Loopback.read(server, count: 1).1, .count)
            let arrived = Loopback.monotonicMilliseconds()
            Loopback.writeAll(server, [43])
            XCTAssertEqual(Loopback.read(client, count: 1).1, .count)
            let returned = Loopback.monotonicMilliseconds()
            // Never early (1 ms for clock rounding); late only within a generous bound.
            XCTAssertGreaterThanOrEqual(arrived - sent, 199, "client → target delay")
            XCTAssertLessThan(arrived - sent, 200 + 2_000)
            XCTAssertGreaterThanOrEqual(returned - arrived, 99, "target → client delay")
            XCTAssertLessThan(returned - arrived, 100 + 2_000)
        }
    }

    func testProxy_deliversTheEndOfAStream_afterItsBytes() throws {
        let (listener, port) = Loopback.listen()
        defer { close(listener) }
        let running = try RunningProxy(target: port, LinkImpairment(delayMilliseconds: 20))
        defer { _ = running.stop() }
        let client = Loopback.connect(port: running.port)
        let server = Loopback.accept(listener)
        defer { close(client); close(server) }

        Loopback.writeAll(client, [1, 2, 3])
        shutdown(client, Int32(SHUT_WR))
        let (request, requestEnd) = Loopback.read(server, count: 100)
        XCTAssertEqual(request, [1, 2, 3])
        XCTAssertEqual(requestEnd, .end, "the client's half-close reaches the target after its bytes")
        Loopback.writeAll(server, [4, 5])  // the other direction stays open
        shutdown(server, Int32(SHUT_WR))
        let (reply, replyEnd) = Loopback.read(client, count: 100)
        XCTAssertEqual(reply, [4, 5])
        XCTAssertEqual(replyEnd, .end)
    }

    func testProxy_closesTheClient_whenTheTargetRefuses() throws {
        let running = try RunningProxy(target: Loopback.closedPort(), LinkImpairment())
        let client = Loopback.connect(port: running.port)
        defer { close(client) }
        let (_, end) = Loopback.read(client, count: 1, within: 5_000)
        XCTAssertTrue(end == .reset || end == .end, "the client learns there is no target (got \(end))")
        let statistics = running.stop()
        XCTAssertEqual(statistics.refused, 1)
        XCTAssertEqual(statistics.broken, 0, "a refusal is not also counted as a broken connection")
    }

    func testProxy_cutsTheOldestConnection_onSchedule() throws {
        let (listener, port) = Loopback.listen()
        defer { close(listener) }
        var impairment = LinkImpairment()
        impairment.cutEveryMilliseconds = 300
        let running = try RunningProxy(target: port, impairment)
        let client = Loopback.connect(port: running.port)
        let server = Loopback.accept(listener)
        defer { close(client); close(server) }

        XCTAssertEqual(Loopback.read(client, count: 1, within: 5_000).1, .reset, "the client sees the link break")
        XCTAssertEqual(Loopback.read(server, count: 1, within: 5_000).1, .reset, "so does the target")
        XCTAssertGreaterThanOrEqual(running.stop().cuts, 1)
    }

    func testProxy_holdsEveryByte_whileTheLinkIsStalled() throws {
        let (listener, port) = Loopback.listen()
        defer { close(listener) }
        var impairment = LinkImpairment()
        impairment.stallEveryMilliseconds = 100
        impairment.stallMilliseconds = 100  // as long as the period: stalled for good after 100 ms
        let running = try RunningProxy(target: port, impairment)
        let client = Loopback.connect(port: running.port)
        let server = Loopback.accept(listener)
        defer { close(client); close(server) }

        usleep(300_000)
        Loopback.writeAll(client, [7])
        XCTAssertEqual(Loopback.read(server, count: 1, within: 700).1, .timeout, "nothing crosses a stalled link")
        XCTAssertEqual(running.stop().stalls, 1)
    }
}
