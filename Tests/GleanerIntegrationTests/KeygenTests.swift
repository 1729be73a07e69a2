import Foundation
import XCTest

/// `gleaner keygen`: creates its folder, never replaces a key pair without --force, and
/// leaves the secret readable by its owner only.
final class KeygenTests: IntegrationTestCase {
    private func mode(_ url: URL) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }

    func testKeygen_intoAMissingFolder_createsIt_withTheSecretReadableByItsOwnerOnly() throws {
        let harness = try makeHarness()
        let base = harness.folder.appendingPathComponent("keys/sub/collector")
        let secret = URL(fileURLWithPath: base.path + ".key"), pub = URL(fileURLWithPath: base.path + ".pub")

        let first = try harness.run("gleaner", ["keygen", base.path])
        XCTAssertEqual(first.status, 0, first.errors)
        XCTAssertEqual(try mode(secret), 0o600)
        let original = try String(contentsOf: secret, encoding: .utf8)
        XCTAssertTrue(original.contains("secret="))
        XCTAssertEqual(try String(contentsOf: pub, encoding: .utf8).count, 41)
    }

    func testKeygen_onAnExistingPair_refuses_andReplacesOnlyWithForce() throws {
        let harness = try makeHarness()
        let base = harness.folder.appendingPathComponent("worker")
        let secret = URL(fileURLWithPath: base.path + ".key")
        XCTAssertEqual(try harness.run("gleaner", ["keygen", base.path]).status, 0)
        let original = try String(contentsOf: secret, encoding: .utf8)

        let again = try harness.run("gleaner", ["keygen", base.path])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.errors.contains("already exists; give --force"), again.errors)
        XCTAssertFalse(again.errors.contains("Usage:"), again.errors)
        XCTAssertEqual(try String(contentsOf: secret, encoding: .utf8), original, "the secret key was not touched")

        let forced = try harness.run("gleaner", ["keygen", base.path, "--force"])
        XCTAssertEqual(forced.status, 0, forced.errors)
        XCTAssertNotEqual(try String(contentsOf: secret, encoding: .utf8), original)
        XCTAssertEqual(try mode(secret), 0o600)
    }

    func testKeygen_intoAFileInsteadOfAFolder_failsWithAPlainSentence() throws {
        let harness = try makeHarness()
        let file = harness.folder.appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        let result = try harness.run("gleaner", ["keygen", file.appendingPathComponent("x").path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.errors.contains("cannot write"), result.errors)
        XCTAssertFalse(result.errors.contains("NSCocoaErrorDomain"), result.errors)
    }
}
