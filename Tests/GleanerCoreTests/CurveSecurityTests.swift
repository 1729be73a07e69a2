import Foundation
import GleanerTestSupport
import Synchronization
import XCTest
@testable import GleanerCore

final class CurveSecurityTests: XCTestCase {
    private func roundTrip(
        server: CurveKeyPair, client: CurveKeyPair, allowed: Set<String>
    ) throws -> (delivered: Bool, decisions: [Bool]) {
        let context = ZMQContext()
        let decisions = Mutex<[Bool]>([])
        let zap = try ZAPHandler(context: context, allowed: allowed) { _, admitted in
            decisions.withLock { $0.append(admitted) }
        }
        defer { zap.stop() }
        let router = try ZMQSocket(context, .router)
        try router.makeCurveServer(server)
        try router.bind("tcp://127.0.0.1:0")
        let dealer = try ZMQSocket(context, .dealer)
        try dealer.makeCurveClient(client, serverKey: server.publicKey)
        try dealer.connect(router.lastEndpoint)
        try dealer.send([Array("hello".utf8)])
        var poller = ZMQPoller([router])
        let delivered =
            try poller.poll(timeoutMilliseconds: 1_000)[0]
            && (try router.receive(dontWait: true))?.last == Array("hello".utf8)
        router.close(lingerMilliseconds: 0)
        dealer.close(lingerMilliseconds: 0)
        return (delivered, decisions.withLock { $0 })
    }

    func testCurve_allowListedClient_isAdmitted() throws {
        let server = try CurveKeyPair.generate(), client = try CurveKeyPair.generate()
        let result = try roundTrip(server: server, client: client, allowed: [client.publicKey])
        XCTAssertTrue(result.delivered)
        XCTAssertEqual(result.decisions.first, true)
    }

    func testCurve_clientNotInAllowList_isRefusedEvenWithTheRightServerKey() throws {
        let server = try CurveKeyPair.generate(), client = try CurveKeyPair.generate(),
            other = try CurveKeyPair.generate()
        let result = try roundTrip(server: server, client: client, allowed: [other.publicKey])
        XCTAssertFalse(result.delivered, "encryption without authentication must not happen")
        XCTAssertEqual(result.decisions.first, false)
    }

    func testKeyFiles_roundTrip_andTheAllowListReadsPubFiles() throws {
        let folder = try makeTemporaryFolder("keys")
        let keys = try CurveKeyPair.generate()
        try CurveKeyFile.write(keys, base: folder.appendingPathComponent("worker1").path)
        XCTAssertEqual(try CurveKeyFile.readPair(folder.appendingPathComponent("worker1.key").path), keys)
        XCTAssertEqual(try CurveKeyFile.readAllowList(folder.path), [keys.publicKey])
        let mode =
            try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("worker1.key").path)[
                .posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        try Data("nonsense".utf8).write(to: folder.appendingPathComponent("bad.pub"))
        XCTAssertThrowsError(try CurveKeyFile.readAllowList(folder.path))
    }
}
