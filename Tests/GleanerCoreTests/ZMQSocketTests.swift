import XCTest
@testable import GleanerCore

final class ZMQSocketTests: XCTestCase {
    func testDealerToRouter_multipartMessage_arrivesWholeWithRoutingID() throws {
        let context = ZMQContext()
        let router = try ZMQSocket(context, .router)
        try router.bind("inproc://roundtrip")
        let dealer = try ZMQSocket(context, .dealer)
        try dealer.connect("inproc://roundtrip")
        try dealer.send([[1, 2, 3], [], Array("hello".utf8)])
        var poller = ZMQPoller([router])
        XCTAssertEqual(try poller.poll(timeoutMilliseconds: 2_000), [true])
        let frames = try XCTUnwrap(router.receive(dontWait: true))
        XCTAssertEqual(frames.count, 4, "routing id + 3 frames")
        XCTAssertEqual(Array(frames.dropFirst()), [[1, 2, 3], [], Array("hello".utf8)])

        try router.send([frames[0], Array("reply".utf8)])
        XCTAssertEqual(try dealer.receive(), [Array("reply".utf8)])
    }

    func testReceive_reusingSpareArrays_copiesLargeFramesIntoThem_andLeavesSmallOnesAlone() throws {
        let context = ZMQContext()
        let pull = try ZMQSocket(context, .pull)
        try pull.bind("inproc://reuse")
        let push = try ZMQSocket(context, .push)
        try push.connect("inproc://reuse")
        let large = (0..<3_000).map { UInt8(truncatingIfNeeded: $0) }
        try push.send([[7], large])
        try push.send([large.reversed()])
        var spare: [UInt8] = []
        spare.reserveCapacity(4_096)
        spare.append(contentsOf: [9, 9, 9])  // stale contents are dropped
        var spares = [spare]
        XCTAssertEqual(try pull.receive(reusing: &spares), [[7], large])
        XCTAssertTrue(spares.isEmpty, "the large frame took the spare")
        XCTAssertEqual(try pull.receive(reusing: &spares), [large.reversed()], "no spare left: a new array")
    }

    func testSend_largeFramesAreLent_arriveIntact_evenWhenTheSenderChangesItsArrayAfterwards() throws {
        let context = ZMQContext()
        let pull = try ZMQSocket(context, .pull)
        try pull.bind("tcp://127.0.0.1:0")
        let push = try ZMQSocket(context, .push)
        try push.connect(pull.lastEndpoint)
        var large = (0..<5_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let sent = large
        XCTAssertGreaterThanOrEqual(large.count, ZMQSocket.lentFrameBytes)
        for round in 0..<100 {
            try push.send([[UInt8(round)], large, [1, 2]])
            large[round] ^= 0xFF  // a copy: the lent storage stays as it was sent
            large[round] ^= 0xFF
        }
        for round in 0..<100 {
            XCTAssertEqual(try pull.receive(), [[UInt8(round)], sent, [1, 2]])
        }
    }

    func testSend_refusedLargeFrame_returnsFalse_andLeavesTheArrayUsable() throws {
        let dealer = try ZMQSocket(ZMQContext(), .dealer)  // no peer: nothing can be queued
        let large = [UInt8](repeating: 42, count: 4_000)
        XCTAssertFalse(try dealer.send([large], dontWait: true))
        XCTAssertEqual(large, [UInt8](repeating: 42, count: 4_000))
    }

    func testReceive_dontWaitOnEmptyQueue_returnsNil() throws {
        let context = ZMQContext()
        let pull = try ZMQSocket(context, .pull)
        try pull.bind("inproc://empty")
        XCTAssertNil(try pull.receive(dontWait: true))
    }

    func testBind_toPortZero_reportsTheRealPort() throws {
        let socket = try ZMQSocket(ZMQContext(), .router)
        try socket.bind("tcp://127.0.0.1:0")
        let endpoint = socket.lastEndpoint
        XCTAssertTrue(endpoint.hasPrefix("tcp://127.0.0.1:"), endpoint)
        XCTAssertNotEqual(endpoint, "tcp://127.0.0.1:0")
    }

    func testBind_toMalformedEndpoint_throwsMessagingErrorNamingIt() {
        XCTAssertThrowsError(try ZMQSocket(ZMQContext(), .router).bind("nonsense://x")) { error in
            let description = String(describing: error)
            XCTAssertTrue(description.contains("bind nonsense://x"), description)
        }
    }

    func testSend_onClosedSocket_throwsInsteadOfCrashing() throws {
        let socket = try ZMQSocket(ZMQContext(), .dealer)
        socket.close()
        XCTAssertThrowsError(try socket.send([[1]]))
        XCTAssertThrowsError(try socket.receive(dontWait: true))
    }

    func testRouterMandatory_sendToUnknownPeer_failsAsUnreachable() throws {
        let router = try ZMQSocket(ZMQContext(), .router)
        try router.setRouterMandatory(true)
        try router.bind("inproc://mandatory")
        XCTAssertThrowsError(try router.send([Array("nobody".utf8), [1]], dontWait: true)) { error in
            XCTAssertTrue((error as? MessagingError)?.peerUnreachable ?? false, "\(error)")
        }
    }

    func testMaxMessageSize_oversizeMessage_isNotDelivered() throws {
        let context = ZMQContext()
        let pull = try ZMQSocket(context, .pull)
        try pull.setMaxMessageSize(1_000)
        try pull.bind("tcp://127.0.0.1:0")
        let push = try ZMQSocket(context, .push)
        try push.connect(pull.lastEndpoint)
        try push.send([Array(repeating: 7, count: 5_000)])
        var poller = ZMQPoller([pull])
        XCTAssertEqual(try poller.poll(timeoutMilliseconds: 300), [false], "an oversize message must be refused")
    }
}
